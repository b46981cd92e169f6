package org.jledger.bench;

import jakarta.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.jledger.Result;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.transaction.Admission;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.SingleKeyProof;
import org.jledger.transaction.Transaction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many transactions one node can admit per second, and what the admission check is made of.
 *
 * <p>{@link #admissionCheck} runs the real {@link Admission#check} (bind the transform, recompute
 * each proof's challenge, verify its Ed25519 signature, read the nonce, check the ACL, run {@code
 * verify()}) on pre-signed {@code demo.BalanceTransfer} transactions against a genesis state of
 * {@value #ACCOUNTS} funded accounts. Each transaction is from its own account at nonce 0, so every
 * one is admitted and ready; the head state never changes, so the same transactions can be checked
 * again and again. The baselines are the parts every node pays per transaction: one BouncyCastle
 * Ed25519 verify of a 32-byte digest, one SHA-256 of a transaction's canonical bytes (about 690
 * bytes for a one-proof transfer: the proof's key, challenge and signature are most of it), the
 * canonical JSON encoding of a transaction, and the recomputation of a proof's challenge, which is
 * the hashing admission actually does.
 *
 * <p>Each benchmark runs on one thread (the throughput of one core) and, as {@code *TwoThreads}, on
 * two (JMH reports the sum over both threads: the machine's two cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AdmissionBenchmark {

  /** Funded accounts in the genesis state, one pre-signed transaction from each. */
  static final int ACCOUNTS = 4096;

  private org.jledger.state.State genesis;
  private Admission admission;
  private Transaction[] transactions;
  private SignedChallenge baseline;
  private JsonObject transactionJson;
  private SingleKeyProof proof;
  private JsonObject transform;
  private byte[] transactionBytes;

  @Setup(Level.Trial)
  public void setUp() {
    TransferNetwork network = new TransferNetwork(ACCOUNTS);
    genesis = network.genesis;
    admission = network.admission;
    transactions = network.transactions;
    for (Transaction tx : transactions) {
      network.admit(tx);
    }

    Transaction first = transactions[0];
    proof = first.proofs().values().iterator().next();
    baseline = SignedChallenge.of(first);
    transform = first.transform();
    if (!challengeDigest().equals(baseline.challenge())) {
      throw new IllegalStateException("the baseline challenge does not recompute");
    }
    transactionJson = first.toJson();
    transactionBytes = CanonicalJson.encode(transactionJson);
  }

  @Benchmark
  @Threads(1)
  public Result<Admitted> admissionCheck(Cursor cursor) {
    return admission.check(transactions[cursor.next(ACCOUNTS)], genesis);
  }

  @Benchmark
  @Threads(2)
  public Result<Admitted> admissionCheckTwoThreads(Cursor cursor) {
    return admission.check(transactions[cursor.next(ACCOUNTS)], genesis);
  }

  /** BouncyCastle's RFC 8032 Ed25519 verify of a 32-byte challenge with a raw 32-byte key. */
  @Benchmark
  @Threads(1)
  public boolean ed25519Verify() {
    return baseline.verify();
  }

  @Benchmark
  @Threads(2)
  public boolean ed25519VerifyTwoThreads() {
    return baseline.verify();
  }

  /** SHA-256 (the JDK's MessageDigest) of a transaction's canonical bytes (about 690 bytes). */
  @Benchmark
  @Threads(1)
  public Hash sha256OfTransaction() {
    return Hash.sha256(transactionBytes);
  }

  @Benchmark
  @Threads(2)
  public Hash sha256OfTransactionTwoThreads() {
    return Hash.sha256(transactionBytes);
  }

  /** RFC 8785 encoding of a whole transaction (transform and proof) to UTF-8 bytes. */
  @Benchmark
  @Threads(1)
  public byte[] canonicalJsonOfTransaction() {
    return CanonicalJson.encode(transactionJson);
  }

  @Benchmark
  @Threads(2)
  public byte[] canonicalJsonOfTransactionTwoThreads() {
    return CanonicalJson.encode(transactionJson);
  }

  /**
   * A proof's challenge as admission recomputes it: build {@code {"address", "network_id", "nonce",
   * "transform"}}, encode it (about 240 bytes) and take its SHA-256.
   */
  @Benchmark
  @Threads(1)
  public Hash challengeDigest() {
    return SingleKeyProof.challenge(
        proof.address(), TransferNetwork.NETWORK_ID, proof.nonce(), transform);
  }

  @Benchmark
  @Threads(2)
  public Hash challengeDigestTwoThreads() {
    return SingleKeyProof.challenge(
        proof.address(), TransferNetwork.NETWORK_ID, proof.nonce(), transform);
  }
}
