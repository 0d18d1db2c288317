package dev.lookout.refresh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

/**
 * A view's result as viewers get it: the JSON document serialized once by the refresh that
 * made it, its gzip copy compressed once with it, and what is needed to answer without reading
 * that document.
 *
 * @param view the panel and its values
 * @param resultVersion grows with every change of the stored document; {@code 0} only for the
 * placeholder of a view never refreshed
 * @param asOf when the query of the last good result ran; {@code null} while the view has none
 * @param stale whether the last refresh failed, so the data (if any) is older than it should be
 * @param staleReason the error code of that failure; {@code null} when not stale
 * @param body the JSON document, served as it is; never modified once stored
 * @param gzipped {@code body} gzip-compressed, for clients that accept it; {@code null} when the
 * document is too small for compression to pay ({@link #GZIP_ABOVE} bytes or fewer)
 */
record StoredResult(ViewKey view, long resultVersion, Instant asOf, boolean stale, String staleReason, byte[] body,
		byte[] gzipped) {

	/**
	 * Below about a kilobyte the gzip header and the client's inflating cost more than the bytes
	 * saved; the answer then does not vary with {@code Accept-Encoding} at all.
	 */
	static final int GZIP_ABOVE = 1024;

	/** A result with its gzip copy made now, once: every reader of this version shares both. */
	StoredResult(ViewKey view, long resultVersion, Instant asOf, boolean stale, String staleReason, byte[] body) {
		this(view, resultVersion, asOf, stale, staleReason, body, gzip(body));
	}

	/** No good result yet: the first refresh is pending or failed. */
	boolean pending() {
		return this.asOf == null;
	}

	/** A strong validator of the uncompressed document: the version changes whenever the bytes do. */
	String etag() {
		return "\"" + this.view + "-" + this.resultVersion + "\"";
	}

	/** A strong validator of the gzip copy: other bytes, so another tag (RFC 9110, 8.8.3). */
	String gzipEtag() {
		return "\"" + this.view + "-" + this.resultVersion + "-gzip\"";
	}

	private static byte[] gzip(byte[] body) {
		if (body.length <= GZIP_ABOVE) {
			return null;
		}
		ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 2);
		try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
			out.write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return (compressed.size() < body.length) ? compressed.toByteArray() : null;
	}

}
