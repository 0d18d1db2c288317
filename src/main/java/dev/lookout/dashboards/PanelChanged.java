package dev.lookout.dashboards;

/** A panel was created, edited or removed; {@code removed} tells which. */
public record PanelChanged(long panelId, boolean removed) {
}
