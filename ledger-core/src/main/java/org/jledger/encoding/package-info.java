/**
 * Canonical encoding and hashing (DESIGN section 3, normative): RFC 8785 JSON over integers-only
 * values, SHA-256 {@code Hash}es, lowercase hex. Every hash and signature in JLedger covers {@link
 * org.jledger.encoding.CanonicalJson} bytes and nothing else.
 */
package org.jledger.encoding;
