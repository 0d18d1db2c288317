package dev.lookout.audit;

import java.time.Clock;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit log's writer thread, owned by the shutdown registry like every background resource. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	AuditedEvents auditedEvents(AuditLog log, Clock clock, MeterRegistry meters, ManagedResources resources) {
		AuditedEvents events = new AuditedEvents(log, clock, meters);
		// Not restartable: a reload replaces the pool it writes through, and the writer simply uses the new one.
		resources.register("audit-writer", ShutdownOrder.AUDIT_WRITER, events::stop);
		return events;
	}

}
