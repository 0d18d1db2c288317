package dev.lookout.alerts;

import java.time.Instant;

/** {@code {"minutes": 60}} (1 to 525600) or {@code {"until": "2026-01-01T00:00:00Z"}} (in the future, within a year). */
record SilenceRequest(Integer minutes, Instant until) {

}
