package dev.lookout.runtime;

import java.security.Principal;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.lookout.lifecycle.HookStatus;
import dev.lookout.lifecycle.ReloadReport;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Runs a reload an admin asked for, from the page or the API, and publishes {@link RuntimeReloaded} either way. */
@Component
class AdminReload {

	private final RuntimeView view;

	private final ApplicationEventPublisher events;

	AdminReload(RuntimeView view, ApplicationEventPublisher events) {
		this.view = view;
		this.events = events;
	}

	/**
	 * @param via {@code "page"} or {@code "api"}
	 * @throws ApiException with {@code SERVICE_UNAVAILABLE} when the instance cannot reload now
	 */
	ReloadReport reload(Principal principal, String via) {
		String actor = principal.getName();
		ReloadReport report;
		try {
			report = this.view.reload("asked by " + actor);
		}
		catch (IllegalStateException ex) {
			this.events.publishEvent(new RuntimeReloaded(actor, via, "refused", 0, ex.getMessage()));
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Lookout cannot reload now: " + ex.getMessage() + ".",
					Duration.ofSeconds(5));
		}
		this.events.publishEvent(new RuntimeReloaded(actor, via, report.succeeded() ? "succeeded" : "failed",
				report.total().toMillis(), failedHooks(report)));
		return report;
	}

	private static String failedHooks(ReloadReport report) {
		return Stream.concat(report.stopped().outcomes().stream(), report.started().outcomes().stream())
			.filter((outcome) -> outcome.status() != HookStatus.OK)
			.map((outcome) -> outcome.name() + " " + outcome.status())
			.collect(Collectors.joining(", "));
	}

}
