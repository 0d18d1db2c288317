/**
 * Shared HTTP plumbing: request ids, the one mapping from failures to stable error codes
 * (RFC 9457 problem details for clients, a plain page for browsers), and the home page.
 */
package dev.lookout.web;
