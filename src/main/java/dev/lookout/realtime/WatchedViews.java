package dev.lookout.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lookout.refresh.PanelResults;
import dev.lookout.refresh.ViewKey;
import dev.lookout.web.ApiException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps the views of the open streams with chosen values live: every few seconds, once per
 * distinct dashboard and values however many streams share them, it tells the refresh module
 * they are watched, and gives the streams the views their values choose now (an edit of the
 * dashboard's variables or of a panel's SQL can change them). A stream is the continuous watch
 * the refresh module's keep time assumes.
 */
final class WatchedViews {

	/** Well inside the shortest keep time of a view (a few of its panel's intervals, 30 s at least). */
	static final Duration EVERY = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(WatchedViews.class);

	private final PanelResults results;

	private final OpenStreams streams;

	private Instant next = Instant.MIN;

	WatchedViews(PanelResults results, OpenStreams streams) {
		this.results = results;
		this.streams = streams;
	}

	/** On the sync's thread, at each beat: renews the watch when it is due. */
	void renewIfDue(Instant now) {
		if (now.isBefore(this.next)) {
			return;
		}
		this.next = now.plus(EVERY);
		Map<Choice, List<ViewKey>> renewed = new LinkedHashMap<>();
		for (EventStream stream : this.streams.all()) {
			if (stream.parameters().isEmpty()) {
				// Default views are kept fresh whether watched or not.
				continue;
			}
			Choice choice = new Choice(stream.slug(), stream.parameters());
			List<ViewKey> views = renewed.computeIfAbsent(choice, this::watch);
			if (views != null && !views.equals(stream.views())) {
				stream.views(views);
			}
		}
	}

	/** The views of {@code choice} now; {@code null} when they cannot be had (logged). */
	private List<ViewKey> watch(Choice choice) {
		try {
			return this.results.watch(choice.slug(), choice.parameters());
		}
		catch (ApiException ex) {
			// Values no longer allowed (a variable edited), or no room: the streams keep what they show.
			if (logger.isDebugEnabled()) {
				logger.debug("Views of dashboard '" + choice.slug() + "' for " + choice.parameters() + " not renewed: "
						+ ex.getMessage());
			}
			return null;
		}
	}

	private record Choice(String slug, Map<String, List<String>> parameters) {
	}

}
