/**
 * Keys and addresses (DESIGN section 3, normative): Ed25519 signing and verifying keys
 * (BouncyCastle's RFC 8032 implementation), Base58Check addresses, and key files readable by their
 * owner only. A signature always covers the 32 raw bytes of a digest.
 */
package org.jledger.crypto;
