/**
 * The client API, served at {@code /api/v1} (DESIGN.md section 9), and how every refusal and
 * failure reaches a client: as {@code application/problem+json} (RFC 9457) with {@code type},
 * {@code title}, {@code status}, {@code detail} and a stable {@code code}, never with a stack
 * trace.
 */
package org.jledger.api;
