package dev.lookout.lifecycle;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 NIO protocol on an {@link EarlyPortEndpoint}. Public, with a public constructor,
 * because Tomcat makes a connector's protocol from its class name.
 */
public final class EarlyPortProtocol extends Http11NioProtocol {

	public EarlyPortProtocol() {
		super(new EarlyPortEndpoint());
	}

}
