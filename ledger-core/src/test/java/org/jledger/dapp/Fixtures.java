package org.jledger.dapp;

import jakarta.json.JsonObject;
import java.util.List;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;

/** Real keys and JSON written with single quotes, for the DApp tests. */
public final class Fixtures {

  public static final SigningKey ALICE = key("a1");
  public static final SigningKey BOB = key("b2");
  public static final SigningKey CAROL = key("c3");
  public static final SigningKey DAVE = key("d4");
  public static final SigningKey ERIN = key("e5");

  /** The installed DApps: the built-ins plus the test-only {@link ToyDApp}. */
  public static final DAppRegistry REGISTRY = DAppRegistry.load(Fixtures.class.getClassLoader());

  private Fixtures() {}

  private static SigningKey key(String byteHex) {
    return SigningKey.fromHex(byteHex.repeat(32));
  }

  public static String address(SigningKey key) {
    return key.address().value();
  }

  /** Parses JSON written with {@code '} for {@code "}. */
  public static JsonObject json(String singleQuoted) {
    return CanonicalJson.parseObject(singleQuoted.replace('\'', '"'));
  }

  /** Everything installed, whitelisted. */
  public static DApps all() {
    return REGISTRY.selectAll();
  }

  /** The demo and ACL DApps, as a network would configure them. */
  public static DApps builtins() {
    return REGISTRY.select(
        List.of(
            "demo.BalanceModel",
            "demo.PersonModel",
            "plug.ext.acl.ACLGroupModel",
            "plug.ext.acl.ACLReadModel",
            "plug.ext.acl.ACLWriteModel"),
        List.of(
            "demo.BalanceTransfer",
            "demo.UpdatePerson",
            "plug.ext.acl.ACLGroupTransform",
            "plug.ext.acl.ACLReadTransform",
            "plug.ext.acl.ACLWriteTransform"));
  }
}
