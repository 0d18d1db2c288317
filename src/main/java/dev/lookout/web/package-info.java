/**
 * Shared HTTP plumbing: request ids, the client's address (from {@code X-Forwarded-For} of trusted
 * proxies only, {@link dev.lookout.web.ClientAddresses}), the one mapping from failures to stable error codes
 * (RFC 9457 problem details for clients, a plain page for browsers), and what request
 * validation shares: {@link dev.lookout.web.FieldProblems}, which turns a request record's
 * Bean Validation violations and its module's own rules into one answer naming every bad field,
 * and {@link dev.lookout.web.MaxCharacters}, a length counted as the database counts it; and the
 * declaration of requests admission control need not hold back ({@link dev.lookout.web.CheapRequests});
 * and the API description at {@code /api/openapi.json} (springdoc, configured by {@code OpenApiConfiguration}).
 */
package dev.lookout.web;
