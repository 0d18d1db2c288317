package dev.lookout.security.signin;

import org.springframework.util.StringUtils;

/** The directory that sign-ins and the health check bind against, and as whom; {@link #NONE} when there is none. */
record DirectoryTarget(String url, String bindDn, String bindPassword) {

	static final DirectoryTarget NONE = new DirectoryTarget(null, null, null);

	boolean configured() {
		return StringUtils.hasText(this.url);
	}

	@Override
	public String toString() {
		// Never the bind password, whatever prints this.
		return "DirectoryTarget[" + this.url + " as " + (StringUtils.hasText(this.bindDn) ? this.bindDn : "anonymous")
				+ "]";
	}

}
