package org.jledger.api.security;

import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.NamingException;
import org.jledger.api.Problem;
import org.jledger.dapp.acl.Caller;
import org.jledger.encoding.CanonicalJson;

/**
 * Establishes who calls, for every request, and publishes it as the request attribute {@value
 * #CALLER_ATTRIBUTE} (an {@link Caller}; absent means anonymous):
 *
 * <ol>
 *   <li>HTTP Basic credentials, when a directory is configured ({@link LdapDirectory}): checked by
 *       the LDAP identity store; the caller gets the directory's groups mapped to ACL groups. Wrong
 *       credentials are a 401 problem with {@code WWW-Authenticate}; a directory that cannot be
 *       reached or read is a 503 problem, never an anonymous caller.
 *   <li>Else a client certificate the container verified in the TLS handshake (client-auth {@code
 *       want} or {@code need}): see {@link CertificateIdentity}; it brings no groups.
 *   <li>Else the request stays anonymous: nothing is refused for want of credentials, so with no
 *       directory and no client certificates the API behaves as without this class.
 * </ol>
 *
 * <p>A servlet filter, not a Jakarta Security {@code HttpAuthenticationMechanism}: nothing here
 * uses the container's caller principal, and Soteria's bridge to the mechanism looked up the CDI
 * bean manager in JNDI on every request, a sixth of the request threads' time under load. The
 * directory is still a Jakarta Security identity store (see {@link LdapDirectory}), checked through
 * the {@link IdentityStoreHandler}.
 */
@WebFilter(filterName = "caller-authentication", urlPatterns = "/*", asyncSupported = true)
public class CallerAuthentication extends HttpFilter {

  /** The request attribute holding the authenticated {@link Caller}. */
  public static final String CALLER_ATTRIBUTE = "org.jledger.caller";

  /** The servlet request attribute holding the verified client certificate chain. */
  static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  private static final String REALM = "Basic realm=\"jledger\", charset=\"UTF-8\"";
  private static final Logger LOG = Logger.getLogger(CallerAuthentication.class.getName());

  @Inject IdentityStoreHandler identityStores;

  @Inject LdapDirectory directory;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (authenticate(request, response)) {
      chain.doFilter(request, response);
    }
  }

  /** Publishes the caller; false if the request was refused (and answered). */
  private boolean authenticate(HttpServletRequest request, HttpServletResponse response) {
    String authorization = request.getHeader("Authorization");
    if (directory.enabled()
        && authorization != null
        && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return basic(authorization.substring(6).strip(), request, response);
    }
    if (request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0) {
      Optional<String> address = CertificateIdentity.addressOf(chain[0]);
      if (address.isPresent()) {
        return publish(request, address.get(), Set.of());
      }
    }
    return true;
  }

  private boolean basic(String encoded, HttpServletRequest request, HttpServletResponse response) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return refuse(response, 401, "unauthorized", "The Basic credentials are not Base64.");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || colon == decoded.length() - 1) {
      // an empty password would be an LDAP anonymous bind, which proves nothing
      return refuse(
          response, 401, "unauthorized", "The Basic credentials need a name and a password.");
    }
    UsernamePasswordCredential credential =
        new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
    CredentialValidationResult result;
    String address;
    Set<String> groups;
    try {
      result = identityStores.validate(credential);
      if (result.getStatus() != CredentialValidationResult.Status.VALID) {
        return refuse(
            response, 401, "unauthorized", "The directory did not accept these credentials.");
      }
      address = directory.addressOf(result);
      groups = directory.groupMapping().map(result.getCallerGroups());
    } catch (RuntimeException | NamingException e) {
      LOG.log(Level.WARNING, "The LDAP directory could not check a login", e);
      return refuse(
          response,
          503,
          "unavailable",
          "The directory that checks logins cannot be reached or read; try again later.");
    }
    return publish(request, address, groups);
  }

  private static boolean publish(HttpServletRequest request, String address, Set<String> groups) {
    request.setAttribute(CALLER_ATTRIBUTE, Caller.authenticated(address, groups));
    return true;
  }

  private static boolean refuse(
      HttpServletResponse response, int status, String code, String detail) {
    Problem problem = new Problem(status, code, detail);
    try {
      response.setStatus(status);
      if (status == 401) {
        response.setHeader("WWW-Authenticate", REALM);
      } else {
        response.setHeader("Retry-After", "5");
      }
      response.setContentType(Problem.MEDIA_TYPE);
      byte[] body = CanonicalJson.encode(problem.toJson());
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.flushBuffer();
    } catch (IOException e) {
      LOG.log(Level.FINE, "could not send the refusal", e);
    }
    return false;
  }
}
