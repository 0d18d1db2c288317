package dev.lookout.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request's parameters as names with their values in order, without those the endpoint itself owns. */
public final class RequestParameters {

	private RequestParameters() {
	}

	/**
	 * @param parameters the servlet's parameter map
	 * @param owned names the endpoint reads itself ({@code dashboard}), left out
	 */
	public static Map<String, List<String>> values(Map<String, String[]> parameters, String... owned) {
		List<String> skipped = List.of(owned);
		Map<String, List<String>> values = new LinkedHashMap<>();
		parameters.forEach((name, given) -> {
			if (!skipped.contains(name)) {
				values.put(name, Arrays.asList(given));
			}
		});
		return values;
	}

}
