/**
 * The world state (DESIGN section 6, normative): entries {@code (model, key) -> value} held in a
 * persistent sparse Merkle tree of depth 256, with inclusion and non-inclusion proofs.
 *
 * <ul>
 *   <li>{@link org.jledger.state.SparseMerkleTree} is the tree over 32-byte paths and value hashes,
 *       stored compressed so that an update costs O(log n) hashes and shares every unchanged node
 *       with the version before it.
 *   <li>{@link org.jledger.state.StateProof} is a proof in the normative JSON shape; verifying one
 *       never throws, whatever it holds.
 *   <li>{@link org.jledger.state.State} is State {@code h}: the entries, their tree root, and the
 *       state hash over {@code height, network_id, previous_block_hash, state_root}.
 * </ul>
 *
 * <p>What must hold: every value here is immutable (and so safe to share between threads); a root
 * depends only on the set of entries, never on the order of writes; deleting what was written gives
 * back exactly the previous root; absent keys are not stored.
 */
package org.jledger.state;
