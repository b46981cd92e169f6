package org.jledger.chain;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;

/**
 * Where a node keeps its chain (a port; {@code JpaBlockStore} and {@code InMemoryBlockStore}
 * implement it). Committing a block is atomic: the block with its certificate, the status of its
 * transactions and of those the pool rejected, and the entries of the state it produced are written
 * together or not at all.
 */
public interface BlockStore {

  /** The number of committed blocks: the height of the next block. */
  long height();

  /** Committed blocks from {@code fromHeight} upwards, at most {@code limit}, in height order. */
  List<Block> blocks(long fromHeight, int limit);

  Optional<Block> block(long height);

  /**
   * Committed block {@code height} as its canonical JSON in UTF-8; a store that keeps those bytes
   * answers them as written, without parsing the block. Not to be modified.
   */
  default Optional<byte[]> blockJson(long height) {
    return block(height).map(b -> CanonicalJson.encode(b.toJson()));
  }

  /** The hash of committed block {@code height}, without reading the whole block if it can. */
  default Optional<Hash> blockHash(long height) {
    return block(height).map(Block::hash);
  }

  Optional<Block> block(Hash hash);

  /**
   * Persists block {@code h} (with its {@code commits}), what it changed in the state, and the
   * final status of its transactions ({@code confirmed}) and of {@code rejected} ones, in one
   * transaction. Committed transactions leave the pending set.
   *
   * @param storedHere a hint: the block's transactions this node stored (as far as its pool knows),
   *     so a store can update those and insert the others without looking; it must be right even
   *     when the hint is not (a client may store one at the same moment)
   */
  void commit(
      Block block,
      BlockExecution execution,
      List<TransactionRecord> rejected,
      Set<Hash> storedHere);

  /** The entries block {@code height} changed, as stored (an empty value is a deletion). */
  java.util.Map<org.jledger.state.StateKey, Optional<jakarta.json.JsonValue>> changes(long height);

  /**
   * Keeps an admitted transaction as {@code pending}, so it survives a restart; one already stored
   * (in any status) is left as it is.
   *
   * @return whether it was stored now (false: the store held it already)
   */
  boolean savePending(Transaction transaction, long arrivedAtHeight);

  /**
   * Keeps admitted transactions as {@code pending} in one transaction; those already stored (in any
   * status) are left as they are.
   *
   * @return the hashes of those stored now
   */
  default Set<Hash> savePending(List<Transaction> transactions, long arrivedAtHeight) {
    Set<Hash> stored = new HashSet<>();
    for (Transaction tx : transactions) {
      if (savePending(tx, arrivedAtHeight)) {
        stored.add(tx.hash());
      }
    }
    return stored;
  }

  /** A rejection outside a commit (e.g. the pool gave up on it). */
  void saveRejected(TransactionRecord rejected);

  /** The pending transactions with the height at which each arrived, in arrival order. */
  List<Pending> pending();

  Optional<TransactionRecord> transaction(Hash hash);

  /** A pending transaction as stored. */
  record Pending(Transaction transaction, long arrivedAtHeight) {}
}
