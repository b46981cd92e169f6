package org.jledger.chain;

import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jledger.encoding.Hash;
import org.jledger.state.StateKey;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;

/** A {@link BlockStore} in memory, for tests and simulations. Thread-safe. */
public final class InMemoryBlockStore implements BlockStore {

  private final List<Block> blocks = new ArrayList<>();
  private final Map<Hash, Block> byHash = new HashMap<>();
  private final List<Map<StateKey, Optional<JsonValue>>> changes = new ArrayList<>();
  private final Map<Hash, TransactionRecord> transactions = new HashMap<>();
  private final Map<Hash, Pending> pending = new LinkedHashMap<>();

  @Override
  public synchronized long height() {
    return blocks.size();
  }

  @Override
  public synchronized List<Block> blocks(long fromHeight, int limit) {
    List<Block> out = new ArrayList<>();
    for (long h = Math.max(0, fromHeight); h < blocks.size() && out.size() < limit; h++) {
      out.add(blocks.get((int) h));
    }
    return out;
  }

  @Override
  public synchronized Optional<Block> block(long height) {
    return height >= 0 && height < blocks.size()
        ? Optional.of(blocks.get((int) height))
        : Optional.empty();
  }

  @Override
  public synchronized Optional<Block> block(Hash hash) {
    return Optional.ofNullable(byHash.get(hash));
  }

  @Override
  public synchronized void commit(
      Block block,
      BlockExecution execution,
      List<TransactionRecord> rejected,
      Set<Hash> storedHere) {
    if (block.height() != blocks.size()) {
      throw new IllegalStateException(
          "block " + block.height() + " does not follow height " + blocks.size());
    }
    blocks.add(block);
    byHash.put(block.hash(), block);
    changes.add(Map.copyOf(execution.changes()));
    for (Transaction tx : block.transactions()) {
      transactions.put(tx.hash(), TransactionRecord.confirmed(tx, block.height(), block.hash()));
      pending.remove(tx.hash());
    }
    for (TransactionRecord r : rejected) {
      saveRejected(r);
    }
  }

  @Override
  public synchronized Map<StateKey, Optional<JsonValue>> changes(long height) {
    return changes.get((int) height);
  }

  @Override
  public synchronized boolean savePending(Transaction transaction, long arrivedAtHeight) {
    if (transactions.containsKey(transaction.hash())) {
      return false;
    }
    transactions.put(transaction.hash(), TransactionRecord.pending(transaction));
    pending.put(transaction.hash(), new Pending(transaction, arrivedAtHeight));
    return true;
  }

  @Override
  public synchronized void saveRejected(TransactionRecord rejected) {
    transactions.put(rejected.hash(), rejected);
    pending.remove(rejected.hash());
  }

  @Override
  public synchronized List<Pending> pending() {
    return List.copyOf(pending.values());
  }

  @Override
  public synchronized Optional<TransactionRecord> transaction(Hash hash) {
    return Optional.ofNullable(transactions.get(hash));
  }
}
