package dev.lookout.notifications;

/**
 * How an attempt ended that the channel answered: delivered, or refused for good (a 4xx other than
 * 408 and 429: the same request will not get better). A failure worth retrying is {@link ChannelFailed}.
 */
record Delivery(boolean delivered, String error) {

	static final Delivery DONE = new Delivery(true, null);

	static Delivery refused(String error) {
		return new Delivery(false, error);
	}

}
