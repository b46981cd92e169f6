package org.jledger.consensus;

import jakarta.json.JsonObjectBuilder;

/**
 * The unsigned content of a consensus message. {@link Signed} adds the signer's {@code address} and
 * {@code verifying_key} to these members, signs the digest of that object, and appends {@code
 * signature}.
 */
public interface Payload {

  String fqdn();

  String networkId();

  long height();

  long round();

  /** The payload's members (including {@code fqdn}), in a fresh builder. */
  JsonObjectBuilder members();
}
