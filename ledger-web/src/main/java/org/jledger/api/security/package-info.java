/**
 * Who calls the API: a client certificate checked in the TLS handshake or an HTTP Basic login
 * checked against an LDAP directory becomes an authenticated {@link org.jledger.dapp.acl.Caller},
 * published for the rest of the request as the servlet request attribute {@value
 * org.jledger.api.security.CallerAuthentication#CALLER_ATTRIBUTE}; no attribute means anonymous.
 * Nothing here decides what a caller may read or write: that is the ACL models' job. What must
 * hold: a request without credentials is anonymous, never refused; wrong credentials are refused
 * with 401 and change nothing; an unreachable directory is a 503, never an anonymous or
 * authenticated caller; a certificate that the container did not verify is never looked at.
 */
package org.jledger.api.security;
