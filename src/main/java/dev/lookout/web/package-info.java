/**
 * Shared HTTP plumbing: request ids, and the one mapping from failures to stable error codes
 * (RFC 9457 problem details for clients, a plain page for browsers).
 */
package dev.lookout.web;
