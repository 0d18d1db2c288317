package dev.lookout.realtime;

import java.time.Clock;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.redis.SharedRedis;
import dev.lookout.refresh.PanelResults;
import dev.lookout.security.AnonymousReads;
import dev.lookout.web.CheapRequests;
import dev.lookout.web.HttpSettings;
import dev.lookout.web.RequestPaths;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * Wires the realtime module: the sync with its registry of streams, its lifecycle, what admission
 * need not hold back, and with {@code REDIS_URL} the fan-out across instances.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RealtimeSettings.class)
class RealtimeConfiguration {

	private static final Log logger = LogFactory.getLog(RealtimeConfiguration.class);

	@Bean
	OpenStreams openStreams(RealtimeSettings settings, HttpSettings http, MeterRegistry meters) {
		// Each stream holds a connection: with the cap at Tomcat's limit, streams would lock out everything else.
		if (settings.maxConnections() >= http.maxConnections()) {
			throw new IllegalStateException("SSE_MAX_CONNECTIONS (" + settings.maxConnections()
					+ ") must be below HTTP_MAX_CONNECTIONS (" + http.maxConnections()
					+ "), so connections remain for pages, the API and health probes; lower the first or raise the second");
		}
		return new OpenStreams(settings, meters);
	}

	@Bean
	RealtimeSync realtimeSync(PanelResults results, OpenStreams streams, RealtimeSettings settings, Clock clock,
			ManagedResources resources) {
		RealtimeSync sync = new RealtimeSync(results, streams, settings, clock);
		resources.register("realtime-sync", ShutdownOrder.REALTIME_SYNC, sync::stop).startWith(sync::start);
		return sync;
	}

	/** Named so that {@code /health} lists it as {@code realtimeSync}. */
	@Bean
	RealtimeHealthIndicator realtimeSyncHealthIndicator(RealtimeSync sync, OpenStreams streams,
			RealtimeSettings settings) {
		return new RealtimeHealthIndicator(sync, streams, settings.maxConnections());
	}

	@Bean
	AlertPush alertPush(RealtimeSync sync, OpenStreams streams) {
		return new AlertPush(sync, streams);
	}

	@Bean
	RealtimeLifecycle realtimeLifecycle(RealtimeSync sync) {
		return new RealtimeLifecycle(sync);
	}

	/**
	 * Opening an anonymous stream holds its thread for microseconds (the head, the upgrade; the first
	 * state is written by the sync's thread), so admission never sheds it: a refused stream only
	 * comes back. One with a cookie may wait for its session, and takes a permit as other requests do.
	 */
	@Bean
	CheapRequests anonymousStreamOpens(AnonymousReads access) {
		return (request) -> access.allowed() && "GET".equals(request.getMethod())
				&& StreamController.PATH.equals(RequestPaths.path(request))
				&& request.getHeader(HttpHeaders.COOKIE) == null;
	}

	/** Without Redis, the local event is the only bus: this instance's viewers see this instance's refreshes. */
	@Bean
	RedisFanOut redisFanOut(ObjectProvider<SharedRedis> redis, RealtimeSync sync, AlertPush alerts) {
		SharedRedis shared = redis.getIfAvailable();
		if (shared == null) {
			return null;
		}
		logger.info("New results are shared with other instances through Redis channel " + RedisFanOut.CHANNEL);
		return new RedisFanOut(shared, sync, alerts);
	}

}
