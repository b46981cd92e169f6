package org.jledger.api.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.LdapIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.LdapIdentityStoreDefinition.LdapSearchScope;
import java.util.Hashtable;
import java.util.Optional;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The LDAP directory callers log in against, as configured by the {@code jledger.security.ldap.*}
 * settings. Its own {@code @LdapIdentityStoreDefinition} reads these values through EL ({@code
 * #{jledgerLdap.url}}), so one place turns configuration into the identity store's attributes; with
 * no {@code jledger.security.ldap.url} the directory is off and Basic credentials are ignored.
 */
@Named("jledgerLdap")
@ApplicationScoped
@LdapIdentityStoreDefinition(
    url = "#{jledgerLdap.url}",
    bindDn = "#{jledgerLdap.bindDn}",
    bindDnPassword = "#{jledgerLdap.bindPassword}",
    callerSearchBase = "#{jledgerLdap.callerSearchBase}",
    callerNameAttribute = "#{jledgerLdap.callerNameAttribute}",
    callerSearchFilter = "#{jledgerLdap.callerSearchFilter}",
    callerSearchScope = LdapSearchScope.SUBTREE,
    groupSearchBase = "#{jledgerLdap.groupSearchBase}",
    groupSearchFilter = "#{jledgerLdap.groupSearchFilter}",
    groupMemberAttribute = "#{jledgerLdap.groupMemberAttribute}",
    groupNameAttribute = "#{jledgerLdap.groupNameAttribute}",
    groupSearchScope = LdapSearchScope.SUBTREE,
    readTimeout = 10_000)
public class LdapDirectory {

  @Inject
  @ConfigProperty(name = "jledger.security.ldap.url")
  Optional<String> url;

  @Inject
  @ConfigProperty(name = "jledger.security.ldap.bind-dn", defaultValue = " ")
  String bindDn;

  @Inject
  @ConfigProperty(name = "jledger.security.ldap.bind-password", defaultValue = " ")
  String bindPassword;

  @Inject
  @ConfigProperty(name = "jledger.security.ldap.caller-search-base", defaultValue = " ")
  String callerSearchBase;

  @Inject
  @ConfigProperty(name = "jledger.security.ldap.caller-name-attribute", defaultValue = "uid")
  String callerNameAttribute;

  @Inject
  @ConfigProperty(name = "jledger.security.ldap.group-search-base", defaultValue = " ")
  String groupSearchBase;

  @Inject
  @ConfigProperty(name = "jledger.security.ldap.group-member-attribute", defaultValue = "member")
  String groupMemberAttribute;

  @Inject
  @ConfigProperty(name = "jledger.security.ldap.group-name-attribute", defaultValue = "cn")
  String groupNameAttribute;

  @Inject
  @ConfigProperty(name = "jledger.security.ldap.address-attribute")
  Optional<String> addressAttribute;

  @Inject
  @ConfigProperty(name = "jledger.security.ldap.groups", defaultValue = " ")
  String groups;

  private GroupMapping mapping;

  /** Whether callers can log in against a directory at all. */
  public boolean enabled() {
    return url.filter(u -> !u.isBlank()).isPresent();
  }

  public String getUrl() {
    return url.orElse("").strip();
  }

  public String getBindDn() {
    return bindDn.strip();
  }

  public String getBindPassword() {
    return bindPassword.strip();
  }

  public String getCallerSearchBase() {
    return callerSearchBase.strip();
  }

  public String getCallerNameAttribute() {
    return callerNameAttribute.strip();
  }

  /** The caller search: the login name in the caller name attribute. */
  public String getCallerSearchFilter() {
    return "(" + getCallerNameAttribute() + "=%s)";
  }

  public String getGroupSearchBase() {
    return groupSearchBase.strip();
  }

  public String getGroupMemberAttribute() {
    return groupMemberAttribute.strip();
  }

  /** The group search: groups whose member attribute holds the caller's DN. */
  public String getGroupSearchFilter() {
    return "(" + getGroupMemberAttribute() + "=%s)";
  }

  public String getGroupNameAttribute() {
    return groupNameAttribute.strip();
  }

  /**
   * Directory groups to ACL groups ({@code jledger.security.ldap.groups}).
   *
   * @throws IllegalArgumentException if the setting is malformed
   */
  public GroupMapping groupMapping() {
    if (mapping == null) {
      mapping = GroupMapping.parse(groups);
    }
    return mapping;
  }

  /**
   * The caller's ledger address: the value of {@code jledger.security.ldap.address-attribute} on
   * the caller's entry when it is set and present, else the login name.
   *
   * @throws NamingException if the directory cannot be read
   */
  public String addressOf(CredentialValidationResult login) throws NamingException {
    String name = login.getCallerPrincipal().getName();
    Optional<String> attribute = addressAttribute.map(String::strip).filter(a -> !a.isEmpty());
    if (attribute.isEmpty() || login.getCallerDn() == null) {
      return name;
    }
    Hashtable<String, String> environment = new Hashtable<>();
    environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
    environment.put(Context.PROVIDER_URL, getUrl());
    environment.put(Context.SECURITY_AUTHENTICATION, "simple");
    environment.put(Context.SECURITY_PRINCIPAL, getBindDn());
    environment.put(Context.SECURITY_CREDENTIALS, getBindPassword());
    DirContext directory = new InitialDirContext(environment);
    try {
      Attribute value =
          directory
              .getAttributes(login.getCallerDn(), new String[] {attribute.get()})
              .get(attribute.get());
      return value == null || value.get() == null ? name : value.get().toString().strip();
    } finally {
      directory.close();
    }
  }
}
