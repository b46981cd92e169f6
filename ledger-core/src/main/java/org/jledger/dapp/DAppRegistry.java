package org.jledger.dapp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every DApp installed on this node, with lookups by canonical FQDN, alias or Java class name.
 *
 * <p>Loading refuses a broken installation with an {@link IllegalStateException}: two DApps
 * claiming one name, a transform class that cannot be bound (see {@link TransformType}), or missing
 * core models. {@link #select} turns a configuration's whitelists into the runtime a node runs.
 */
public final class DAppRegistry {

  /** Voting power per address (an integer, absent = 0); always run, need not be listed. */
  public static final String VOTING_POWER_MODEL = "plug.model.VotingPowerModel";

  /** The next expected nonce per address (an integer, absent = 0); always run. */
  public static final String NONCE_MODEL = "plug.model.NonceModel";

  /** Validator-set changes waiting for a quorum of approvals; always run. */
  public static final String VALIDATOR_SET_PROPOSAL_MODEL = "plug.model.ValidatorSetProposalModel";

  /** The validators' approval of a validator-set change; always run, need not be listed. */
  public static final String VALIDATOR_SET_CHANGE = "plug.transform.ValidatorSetChange";

  private static final List<String> CORE_MODELS =
      List.of(VOTING_POWER_MODEL, NONCE_MODEL, VALIDATOR_SET_PROPOSAL_MODEL);

  private final List<DApp> dapps;
  private final Map<String, Model> models = new TreeMap<>();
  private final Map<String, Model> modelsByAlias = new HashMap<>();
  private final Map<String, Model> modelsByClass = new HashMap<>();
  private final Map<String, List<String>> ambiguousModelClasses = new HashMap<>();
  private final Map<String, TransformType> transforms = new TreeMap<>();
  private final Map<String, TransformType> transformsByAlias = new HashMap<>();
  private final Map<String, TransformType> transformsByClass = new HashMap<>();
  private final TransformBinder binder = new TransformBinder();

  private DAppRegistry(Collection<? extends DApp> installed) {
    Map<Class<?>, DApp> unique = new LinkedHashMap<>();
    for (DApp d : installed) {
      unique.putIfAbsent(d.getClass(), d);
    }
    this.dapps = List.copyOf(unique.values());
    Map<String, String> owners = new HashMap<>();
    Map<String, List<Model>> byClass = new HashMap<>();
    for (DApp d : dapps) {
      for (Model m : d.models()) {
        claim(owners, "model " + m.fqdn(), d);
        models.put(m.fqdn(), m);
        for (String alias : m.aliases()) {
          claim(owners, "model " + alias, d);
          modelsByAlias.put(alias, m);
        }
        byClass.computeIfAbsent(m.getClass().getName(), k -> new ArrayList<>()).add(m);
      }
      for (Class<? extends Transform> c : d.transforms()) {
        TransformType t;
        try {
          t = TransformType.of(c);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(
              "DApp " + d.getClass().getName() + " has a bad transform: " + e.getMessage(), e);
        }
        for (String name : t.names()) {
          claim(owners, "transform " + name, d);
        }
        transforms.put(t.fqdn(), t);
        t.aliases().forEach(a -> transformsByAlias.put(a, t));
        transformsByClass.put(c.getName(), t);
        if (c.getCanonicalName() != null) {
          transformsByClass.put(c.getCanonicalName(), t);
        }
      }
    }
    byClass.forEach(
        (cls, ms) -> {
          if (ms.size() == 1) {
            modelsByClass.put(cls, ms.get(0));
          } else {
            ambiguousModelClasses.put(cls, ms.stream().map(Model::fqdn).sorted().toList());
          }
        });
    for (String core : CORE_MODELS) {
      if (!models.containsKey(core)) {
        throw new IllegalStateException(
            "no installed DApp provides the core model "
                + core
                + " (is ledger-core's "
                + "META-INF/services/org.jledger.dapp.DApp on the class path?)");
      }
    }
  }

  private static void claim(Map<String, String> owners, String name, DApp d) {
    String previous = owners.putIfAbsent(name, d.getClass().getName());
    if (previous != null) {
      throw new IllegalStateException(
          "both " + previous + " and " + d.getClass().getName() + " declare the " + name);
    }
  }

  /** The DApps that {@code loader} finds with {@link ServiceLoader}. */
  public static DAppRegistry load(ClassLoader loader) {
    List<DApp> found = new ArrayList<>();
    ServiceLoader.load(DApp.class, loader).forEach(found::add);
    return new DAppRegistry(found);
  }

  /** A registry of exactly these DApps (which must include the core models). */
  public static DAppRegistry of(Collection<? extends DApp> dapps) {
    return new DAppRegistry(dapps);
  }

  public List<DApp> dapps() {
    return dapps;
  }

  /** Every installed model, by canonical FQDN. */
  public Set<Model> models() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(models.values()));
  }

  /** Every installed transform, by canonical FQDN. */
  public Set<TransformType> transforms() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(transforms.values()));
  }

  /** The model with this canonical FQDN, alias or (unambiguous) Java class name. */
  public Optional<Model> model(String name) {
    Model m = models.get(name);
    if (m == null) {
      m = modelsByAlias.get(name);
    }
    if (m == null) {
      m = modelsByClass.get(name);
    }
    return Optional.ofNullable(m);
  }

  /** The transform with this canonical FQDN, alias or Java class name. */
  public Optional<TransformType> transform(String name) {
    TransformType t = transformNamed(name);
    if (t == null) {
      t = transformsByClass.get(name);
    }
    return Optional.ofNullable(t);
  }

  /** The transform with this canonical FQDN or alias (the names a transaction may use). */
  TransformType transformNamed(String name) {
    TransformType t = transforms.get(name);
    return t != null ? t : transformsByAlias.get(name);
  }

  /**
   * The runtime that runs exactly the listed models and transforms (each by canonical FQDN, alias
   * or Java class name), plus the core models ({@value #VOTING_POWER_MODEL}, {@value #NONCE_MODEL},
   * {@value #VALIDATOR_SET_PROPOSAL_MODEL}) and the validator-set change {@value
   * #VALIDATOR_SET_CHANGE}, which every network needs to change its validators.
   *
   * @throws UnknownDAppException naming the first name that no installed DApp provides
   */
  public DApps select(Collection<String> modelNames, Collection<String> transformNames) {
    Map<String, Model> chosen = new TreeMap<>();
    for (String core : CORE_MODELS) {
      chosen.put(core, models.get(core));
    }
    for (String name : modelNames) {
      Model m =
          model(name)
              .orElseThrow(
                  () ->
                      new UnknownDAppException(
                          "unknown model '"
                              + name
                              + "': no installed DApp has a model with that FQDN, alias or class"
                              + " name"
                              + ambiguity(name)));
      chosen.put(m.fqdn(), m);
    }
    Map<String, TransformType> chosenTransforms = new TreeMap<>();
    TransformType governance = transforms.get(VALIDATOR_SET_CHANGE);
    if (governance != null) {
      chosenTransforms.put(governance.fqdn(), governance);
    }
    for (String name : transformNames) {
      TransformType t =
          transform(name)
              .orElseThrow(
                  () ->
                      new UnknownDAppException(
                          "unknown transform '"
                              + name
                              + "': no installed DApp has a transform with that FQDN, alias or"
                              + " class name"));
      chosenTransforms.put(t.fqdn(), t);
    }
    return new DApps(this, chosen.values(), chosenTransforms.values(), binder);
  }

  /** The runtime that runs everything installed (development networks and tests). */
  public DApps selectAll() {
    return new DApps(this, models.values(), transforms.values(), binder);
  }

  private String ambiguity(String name) {
    List<String> several = ambiguousModelClasses.get(name);
    return several == null
        ? ""
        : " (class "
            + name
            + " defines several models, "
            + new TreeSet<>(several)
            + "; list them by FQDN)";
  }
}
