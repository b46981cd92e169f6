package org.jledger.cli;

import jakarta.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jledger.crypto.Address;
import org.jledger.crypto.KeyFile;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.transaction.Transaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jledger tx transfer|validators|sign|submit|status}: build, sign, send and follow
 * transactions.
 */
@Command(
    name = "tx",
    description = "Build, sign, send and follow transactions.",
    subcommands = {
      TxCommand.Transfer.class,
      TxCommand.Validators.class,
      TxCommand.Sign.class,
      TxCommand.Submit.class,
      TxCommand.Status.class
    })
final class TxCommand {

  /** The node to talk to. */
  static final class NodeOption {
    @Option(
        names = "--node",
        description = "The node's API URL (default: ${DEFAULT-VALUE}).",
        defaultValue = "http://localhost:8181/api/v1")
    String url;
  }

  /** Following a transaction until it is final. */
  static final class WaitOption {
    @Option(names = "--wait", description = "Wait until the transaction is confirmed or rejected.")
    boolean wait;

    @Option(
        names = "--timeout",
        description = "How long --wait waits, in seconds (default: ${DEFAULT-VALUE}).",
        defaultValue = "60")
    int timeoutSeconds;
  }

  @Command(
      name = "transfer",
      mixinStandardHelpOptions = true,
      description = "Sign and submit a demo.BalanceTransfer from the key's address.")
  static final class Transfer implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin NodeOption node;
    @Mixin WaitOption wait;

    @Option(names = "--key", required = true, description = "The sender's key file.")
    Path key;

    @Option(names = "--to", required = true, description = "The receiver's address.")
    String to;

    @Option(names = "--amount", required = true, description = "A positive integer amount.")
    long amount;

    @Option(names = "--nonce", description = "The sender's nonce (default: asked from the node).")
    Long nonce;

    @Override
    public Integer call() throws Exception {
      SigningKey signer = KeyFile.read(key);
      Address receiver = Address.parse(to);
      JsonObject transform =
          CanonicalJson.PROVIDER
              .createObjectBuilder()
              .add("fqdn", "demo.BalanceTransfer")
              .add("sender", signer.address().value())
              .add("receiver", receiver.value())
              .add("amount", amount)
              .build();
      return signAndSubmit(node, signer, nonce, transform, wait, spec.commandLine().getOut());
    }
  }

  @Command(
      name = "validators",
      mixinStandardHelpOptions = true,
      description = {
        "Approve a validator-set change (plug.transform.ValidatorSetChange) with a validator's"
            + " key. Every approving validator sends the same --proposal id and --set values; the"
            + " change takes effect from the height after the approvals reach the quorum.",
        "Example: jledger tx validators --key nodes/node_0/node.key --proposal add-node-4"
            + " --set 1NewValidatorAddress=100 --wait"
      })
  static final class Validators implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin NodeOption node;
    @Mixin WaitOption wait;

    @Option(names = "--key", required = true, description = "The approving validator's key file.")
    Path key;

    @Option(names = "--proposal", required = true, description = "The change's id.")
    String proposal;

    @Option(
        names = "--set",
        required = true,
        paramLabel = "ADDRESS=POWER",
        description = "New voting power of an address (0 removes it); repeat for several.")
    Map<String, Long> changes;

    @Option(
        names = "--nonce",
        description = "The validator's nonce (default: asked from the node).")
    Long nonce;

    @Override
    public Integer call() throws Exception {
      SigningKey signer = KeyFile.read(key);
      var set = CanonicalJson.PROVIDER.createObjectBuilder();
      new java.util.TreeMap<>(changes).forEach((a, p) -> set.add(Address.parse(a).value(), p));
      JsonObject transform =
          CanonicalJson.PROVIDER
              .createObjectBuilder()
              .add("fqdn", "plug.transform.ValidatorSetChange")
              .add("validator", signer.address().value())
              .add("proposal", proposal)
              .add("changes", set)
              .build();
      return signAndSubmit(node, signer, nonce, transform, wait, spec.commandLine().getOut());
    }
  }

  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description =
          "Sign a transform (a JSON file, or - for standard input) and print the transaction.")
  static final class Sign implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, description = "Key file(s) of the signers.")
    List<Path> keys;

    @Option(names = "--network-id", required = true, description = "The network's id.")
    String networkId;

    @Option(
        names = "--nonce",
        description = "Nonce of every signer (default: ${DEFAULT-VALUE}).",
        defaultValue = "0")
    long nonce;

    @Parameters(paramLabel = "TRANSFORM.json", description = "The transform object, with its fqdn.")
    String transformFile;

    @Override
    public Integer call() throws Exception {
      String text = readInput(transformFile);
      JsonObject transform = CanonicalJson.parseObject(text);
      List<SigningKey> signers = new java.util.ArrayList<>();
      Map<Address, Long> nonces = new java.util.HashMap<>();
      for (Path k : keys) {
        SigningKey s = KeyFile.read(k);
        signers.add(s);
        nonces.put(s.address(), nonce);
      }
      Transaction tx = Transaction.sign(transform, networkId, signers, nonces);
      spec.commandLine().getOut().println(CanonicalJson.toCanonicalString(tx.toJson()));
      return 0;
    }
  }

  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description = "Submit a signed transaction (a JSON file, or - for standard input).")
  static final class Submit implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin NodeOption node;
    @Mixin WaitOption wait;

    @Parameters(paramLabel = "TX.json")
    String file;

    @Override
    public Integer call() throws Exception {
      String text = readInput(file);
      return submitAndFollow(
          new NodeClient(node.url), Transaction.parse(text), wait, spec.commandLine().getOut());
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show a transaction's status.")
  static final class Status implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin NodeOption node;
    @Mixin WaitOption wait;

    @Parameters(paramLabel = "HASH")
    String hash;

    @Override
    public Integer call() {
      return follow(new NodeClient(node.url), hash, wait, spec.commandLine().getOut(), null);
    }
  }

  /** A file's text, or standard input's for {@code -}. */
  static String readInput(String file) throws java.io.IOException {
    return file.equals("-")
        ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
        : Files.readString(Path.of(file));
  }

  /**
   * Signs {@code transform} with one key at {@code nonce} (null: the node's next nonce for it), for
   * the node's network, and submits it.
   */
  static int signAndSubmit(
      NodeOption node,
      SigningKey signer,
      Long nonce,
      JsonObject transform,
      WaitOption wait,
      PrintWriter out) {
    NodeClient client = new NodeClient(node.url);
    long n = nonce != null ? nonce : client.nonce(signer.address());
    Transaction tx =
        Transaction.sign(
            transform, client.networkId(), List.of(signer), Map.of(signer.address(), n));
    return submitAndFollow(client, tx, wait, out);
  }

  static int submitAndFollow(NodeClient client, Transaction tx, WaitOption wait, PrintWriter out) {
    JsonObject answer = NodeClient.expect(client.submit(tx), 202);
    String status = answer.getString("status");
    out.println("transaction " + answer.getString("transaction_hash") + " " + status);
    if (!wait.wait) {
      return status.equals("rejected") ? 3 : 0;
    }
    return follow(client, tx.hash().hex(), wait, out, status);
  }

  /** Shows a transaction's status, and with --wait every change until it is final. */
  static int follow(
      NodeClient client, String hash, WaitOption wait, PrintWriter out, String alreadyShown) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(wait.timeoutSeconds));
    String last = alreadyShown;
    while (true) {
      JsonObject status = NodeClient.expect(client.status(hash), 200);
      String s = status.getString("status");
      if (!s.equals(last)) {
        out.println(describe(status));
        out.flush();
        last = s;
      }
      boolean fin = s.equals("confirmed") || s.equals("rejected");
      if (!wait.wait || fin) {
        return s.equals("rejected") ? 3 : 0;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new CliException("still " + s + " after " + wait.timeoutSeconds + " s");
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 130;
      }
    }
  }

  private static String describe(JsonObject status) {
    StringBuilder sb = new StringBuilder(status.getString("status"));
    if (status.get("height") instanceof jakarta.json.JsonNumber h) {
      sb.append(" at height ").append(h);
    }
    if (status.get("reason") instanceof jakarta.json.JsonString r) {
      sb.append(": ").append(r.getString());
    }
    return sb.toString();
  }
}
