package dev.lookout.refresh;

import java.time.Instant;

/**
 * A panel's result as viewers get it: the JSON document serialized once by the refresh that
 * made it, and what is needed to answer without reading that document.
 *
 * @param panelId the panel
 * @param resultVersion grows with every change of the stored document; {@code 0} only for the
 * placeholder of a panel never refreshed
 * @param asOf when the query of the last good result ran; {@code null} while the panel has none
 * @param stale whether the last refresh failed, so the data (if any) is older than it should be
 * @param staleReason the error code of that failure; {@code null} when not stale
 * @param body the JSON document, served as it is; never modified once stored
 */
record StoredResult(long panelId, long resultVersion, Instant asOf, boolean stale, String staleReason, byte[] body) {

	/** No good result yet: the first refresh is pending or failed. */
	boolean pending() {
		return this.asOf == null;
	}

	/** A strong validator: the version changes whenever the bytes do. */
	String etag() {
		return "\"" + this.panelId + "-" + this.resultVersion + "\"";
	}

}
