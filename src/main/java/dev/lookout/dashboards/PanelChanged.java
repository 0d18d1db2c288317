package dev.lookout.dashboards;

/**
 * A panel was created, edited or removed, here or on another instance; {@code removed} tells
 * which. Announced by the read model ({@link Definitions}) when it takes the change in.
 */
public record PanelChanged(long panelId, boolean removed) {
}
