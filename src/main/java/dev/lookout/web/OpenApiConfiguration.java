package dev.lookout.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * Owns the API description at {@code /api/openapi.json} (springdoc, settings in application.yaml):
 * its info, the two ways to authenticate, the one {@code Problem} schema whose {@code code} lists
 * every {@link ErrorCode}, and the error answers every operation may give. springdoc builds the
 * document from the handler mappings on its first request; {@code OpenApiDescribesEveryEndpointTest}
 * keeps the two in step.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String PROBLEM = "Problem";

	static final String BEARER = "bearer";

	static final String COOKIE = "cookie";

	static final String ERROR_CODES_EXTENSION = "x-error-codes";

	/** The security module's header name ({@code CsrfViolations.HEADER_NAME}; the test checks they agree). */
	static final String CSRF_HEADER = "X-CSRF-Token";

	/** The session cookie (server.servlet.session.cookie.name), the same with or without Redis. */
	static final String SESSION_COOKIE = "JSESSIONID";

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private static final Set<PathItem.HttpMethod> UNSAFE = Set.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
			PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

	static {
		// Resolved by Spring Security from the session, not sent by the client.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(CsrfToken.class);
	}

	/**
	 * springdoc's beans (and the two below) are made on the description's first request, not at
	 * start: eagerly they added about half a second to every start for a document few read.
	 * Spring MVC maps a lazy controller by its type and asks for the bean when a request comes.
	 */
	@Bean
	static BeanFactoryPostProcessor springdocLazily() {
		return (beanFactory) -> {
			for (String name : beanFactory.getBeanDefinitionNames()) {
				BeanDefinition definition = beanFactory.getBeanDefinition(name);
				String type = (definition.getBeanClassName() != null) ? definition.getBeanClassName()
						: (definition.getFactoryBeanName() != null) ? String.valueOf(
								beanFactory.getBeanDefinition(definition.getFactoryBeanName()).getBeanClassName())
								: "";
				if (type.startsWith("org.springdoc.") || type.equals(OpenApiConfiguration.class.getName())) {
					definition.setLazyInit(true);
				}
			}
		};
	}

	@Bean
	OpenAPI lookoutOpenApi(Environment environment) {
		OpenAPI openApi = new OpenAPI()
			.info(new Info().title("Lookout API")
				.version(environment.getProperty("spring.application.version", "development"))
				.description(description()))
			// Relative: right behind any proxy, whatever host the document was read through.
			.servers(List.of(new Server().url("/")))
			.components(new Components().addSecuritySchemes(BEARER, bearer()).addSecuritySchemes(COOKIE, cookie()))
			// Either scheme: a requirement list is a choice between its entries.
			.security(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(COOKIE)));
		openApi.addExtension(ERROR_CODES_EXTENSION, errorCodes());
		return openApi;
	}

	/** The error answers each operation may give, all of them problem details. */
	@Bean
	OpenApiCustomizer lookoutErrorResponses() {
		return (openApi) -> {
			// Here, not in the bean above: springdoc replaces the schemas with those it resolves.
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().values().forEach((path) -> path.readOperationsMap().forEach((method, operation) -> {
				boolean unsafe = UNSAFE.contains(method);
				ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses()
						: new ApiResponses();
				responses.putIfAbsent("400", problem(400, unsafe));
				responses.putIfAbsent("401", problem(401, unsafe));
				responses.putIfAbsent("403", problem(403, unsafe));
				responses.putIfAbsent("404", problem(404, unsafe));
				if (unsafe) {
					responses.putIfAbsent("409", problem(409, true));
				}
				responses.putIfAbsent("500", problem(500, unsafe));
				responses.putIfAbsent("503", problem(503, unsafe).addHeaderObject(HttpHeaders.RETRY_AFTER,
						new Header().description("Whole seconds to wait before retrying.")
							.schema(new IntegerSchema())));
				operation.setResponses(responses);
				if (unsafe) {
					csrfHeader(operation);
				}
			}));
		};
	}

	private static void csrfHeader(Operation operation) {
		boolean present = operation.getParameters() != null
				&& operation.getParameters().stream().anyMatch((parameter) -> CSRF_HEADER.equals(parameter.getName()));
		if (!present) {
			operation.addParametersItem(new HeaderParameter().name(CSRF_HEADER)
				.required(false)
				.description("Required with the cookie scheme: the session's token from GET /api/csrf.")
				.schema(new StringSchema()));
		}
	}

	/** A problem answer for the status, naming the codes it may carry. */
	private static ApiResponse problem(int status, boolean unsafe) {
		String codes = Arrays.stream(ErrorCode.values())
			.filter((code) -> code.status().value() == status)
			.filter((code) -> unsafe || !code.name().startsWith("CSRF_"))
			.map((code) -> "`" + code.name() + "` (" + code.title() + ")")
			.collect(Collectors.joining(", "));
		return new ApiResponse().description("Problem details; `code` is one of " + codes + ".")
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	/** RFC 9457 problem details as ProblemRendering writes them. */
	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		StringSchema code = new StringSchema();
		code.setEnum(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
		code.description("Stable: program against it (docs/errors.md).");
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("type", new StringSchema().format("uri").description("urn:lookout:problem:<code>"));
		properties.put("title", new StringSchema().description("The code's title."));
		properties.put("status", new IntegerSchema().description("The HTTP status."));
		properties.put("detail", new StringSchema().description("What happened and what to do, in a sentence."));
		properties.put("instance", new StringSchema().format("uri-reference").description("The path requested."));
		properties.put("code", code);
		properties.put("requestId", new StringSchema().description("Also in the X-Request-Id header and the server's logs."));
		properties.put("retryAfterSeconds",
				new IntegerSchema().description("On retryable codes only, as the Retry-After header."));
		ObjectSchema problem = new ObjectSchema();
		problem.setProperties(properties);
		problem.setRequired(List.of("type", "title", "status", "instance", "code", "requestId"));
		problem.description("RFC 9457 problem details, Content-Type application/problem+json.");
		return problem;
	}

	private static SecurityScheme bearer() {
		return new SecurityScheme().type(SecurityScheme.Type.HTTP)
			.scheme("bearer")
			.bearerFormat("lk_<id>_<secret>")
			.description("An API token: `Authorization: Bearer lk_<id>_<secret>`. No CSRF token needed.");
	}

	private static SecurityScheme cookie() {
		return new SecurityScheme().type(SecurityScheme.Type.APIKEY)
			.in(SecurityScheme.In.COOKIE)
			.name(SESSION_COOKIE)
			.description("The session of a sign-in (`POST /login` with username and password). POST, PUT, PATCH"
					+ " and DELETE also need the session's CSRF token in the `" + CSRF_HEADER
					+ "` header, from `GET /api/csrf` (fetch it again after signing in).");
	}

	private static List<Map<String, Object>> errorCodes() {
		List<Map<String, Object>> codes = new ArrayList<>();
		for (ErrorCode code : ErrorCode.values()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("code", code.name());
			entry.put("status", code.status().value());
			entry.put("retryable", code.retryable());
			entry.put("title", code.title());
			codes.add(entry);
		}
		return codes;
	}

	private static String description() {
		StringBuilder text = new StringBuilder("""
				Live SQL dashboards as JSON. Authenticate with either scheme; reads of dashboards, panel \
				results and the event stream need neither when public dashboards are on (PUBLIC_DASHBOARDS).

				Every error is an RFC 9457 problem document (`application/problem+json`, schema `Problem`); \
				its `code` is stable. Retryable codes carry `Retry-After` and `retryAfterSeconds`. What a \
				client should do for each code: docs/errors.md.

				| Code | Status | Retryable | Title |
				|---|---|---|---|
				""");
		for (ErrorCode code : ErrorCode.values()) {
			text.append("| `")
				.append(code.name())
				.append("` | ")
				.append(code.status().value())
				.append(" | ")
				.append(code.retryable() ? "yes" : "no")
				.append(" | ")
				.append(code.title())
				.append(" |\n");
		}
		return text.toString();
	}

}
