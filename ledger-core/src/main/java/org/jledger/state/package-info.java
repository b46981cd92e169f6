/**
 * The world state: entries {@code (model, key) -> value} held in a persistent sparse Merkle tree of
 * depth 256 (DESIGN section 6, normative), with inclusion and non-inclusion proofs. A {@code State}
 * is an immutable value; the state after a block shares structure with the one before it.
 */
package org.jledger.state;
