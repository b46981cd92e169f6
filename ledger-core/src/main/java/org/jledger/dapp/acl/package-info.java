/**
 * Plug's ACL extension ({@code plug.ext.acl.*}): groups of addresses ({@link
 * org.jledger.dapp.acl.AclGroupModel}), who may read which keys of a model ({@link
 * org.jledger.dapp.acl.AclReadModel}), who may run a transform ({@link
 * org.jledger.dapp.acl.AclWriteModel}), the transforms that change them, and {@link
 * org.jledger.dapp.acl.AclPolicy}, the pure decision functions the node calls. The ACLs are state,
 * so every node decides alike at a given height.
 */
package org.jledger.dapp.acl;
