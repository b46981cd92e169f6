/**
 * DApps: models (named key/value collections in the state) and transforms (a transaction's business
 * logic), discovered with {@link java.util.ServiceLoader} and whitelisted by the node's
 * configuration (DESIGN section 5).
 *
 * <p>What must hold: a transform reads and writes only the slice it declares (its models crossed
 * with its keys), through {@link org.jledger.dapp.StateSlice} and {@link
 * org.jledger.dapp.MutableStateSlice}, never the state itself; {@code verify} changes nothing;
 * every value written is canonical JSON that its model accepts; binding a transaction's {@code
 * transform} object is strict (no coercion, no missing or extra field); state names models by
 * canonical FQDN only, while aliases are accepted in configurations and transactions. This package
 * depends on {@link org.jledger.state.StateView} and {@link org.jledger.state.StateKey}, never on
 * the Merkle state.
 */
package org.jledger.dapp;
