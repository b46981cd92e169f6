package org.jledger.dapp;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jledger.state.StateView;

/**
 * The DApps a node runs: the models and transforms its configuration whitelists (plus the core
 * models). Immutable and safe to share between threads.
 *
 * <p>Models and transforms are addressed by canonical FQDN or alias; state always uses the
 * canonical FQDN, while transactions keep the name their client signed.
 */
public final class DApps {

  private final DAppRegistry registry;
  private final Map<String, Model> models = new TreeMap<>();
  private final Map<String, Model> modelsByName = new HashMap<>();
  private final Map<String, TransformType> transforms = new TreeMap<>();
  private final Map<String, TransformType> transformsByName = new HashMap<>();
  private final TransformBinder binder;

  DApps(
      DAppRegistry registry,
      Collection<Model> models,
      Collection<TransformType> transforms,
      TransformBinder binder) {
    this.registry = registry;
    this.binder = binder;
    for (Model m : models) {
      this.models.put(m.fqdn(), m);
      modelsByName.put(m.fqdn(), m);
      m.aliases().forEach(a -> modelsByName.put(a, m));
    }
    for (TransformType t : transforms) {
      this.transforms.put(t.fqdn(), t);
      t.names().forEach(n -> transformsByName.put(n, t));
    }
  }

  /**
   * The model with this canonical FQDN or alias.
   *
   * @throws UnknownModelException when this node does not run it
   */
  public Model model(String nameOrAlias) {
    Model m = modelsByName.get(nameOrAlias);
    if (m == null) {
      throw new UnknownModelException(nameOrAlias);
    }
    return m;
  }

  /** The canonical FQDN of a model named by FQDN or alias. */
  public String canonicalModel(String nameOrAlias) {
    return model(nameOrAlias).fqdn();
  }

  /** The models this node runs, in FQDN order. */
  public Set<Model> models() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(models.values()));
  }

  /** The canonical FQDNs of the transforms this node runs, in order. */
  public Set<String> transformNames() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(transforms.keySet()));
  }

  /** The whitelisted transform with this canonical FQDN or alias. */
  public Optional<TransformType> transformType(String nameOrAlias) {
    return Optional.ofNullable(transformsByName.get(nameOrAlias));
  }

  /**
   * The canonical FQDN of a whitelisted transform.
   *
   * @throws TransformNotAllowedException when it is installed but not whitelisted
   * @throws UnknownTransformException when no installed DApp provides it
   */
  public String canonicalTransform(String nameOrAlias) {
    return whitelisted(nameOrAlias).fqdn();
  }

  private TransformType whitelisted(String name) {
    TransformType t = transformsByName.get(name);
    if (t != null) {
      return t;
    }
    TransformType installed = registry.transformNamed(name);
    if (installed != null) {
      throw new TransformNotAllowedException(name, installed.fqdn());
    }
    throw new UnknownTransformException(name);
  }

  /**
   * Binds a transaction's {@code transform} object: its {@code fqdn} member names the transform
   * (canonical or alias), every other member is a field, bound strictly (see {@link
   * TransformType}).
   *
   * @throws InvalidTransformException for a missing {@code fqdn}, a missing, extra or mistyped
   *     field
   * @throws TransformNotAllowedException for an installed transform this node does not run
   * @throws UnknownTransformException for a transform no installed DApp provides
   */
  public Transform bind(JsonObject transformJson) {
    JsonValue fqdn = transformJson.get("fqdn");
    if (!(fqdn instanceof JsonString name)) {
      throw new InvalidTransformException(
          "the transform object needs an 'fqdn' string naming the transform"
              + (fqdn == null ? "" : ", got " + ModelSchema.describe(fqdn)));
    }
    return binder.bind(whitelisted(name.getString()), transformJson);
  }

  /**
   * The read-only slice {@code t} declared, over {@code view}: what {@link Transform#verify} sees.
   *
   * @throws TransformRejectedException (code {@code model_not_allowed}) when {@code t} requires a
   *     model this node does not run
   */
  public StateSlice slice(Transform t, StateView view) {
    return new ViewSlice(new SliceScope(t, modelsByName), view);
  }

  /**
   * A mutable slice over {@code view} that buffers its writes: what {@link Transform#apply} sees.
   *
   * @throws TransformRejectedException (code {@code model_not_allowed}) when {@code t} requires a
   *     model this node does not run
   */
  public MutableStateSlice mutableSlice(Transform t, StateView view) {
    return new BufferedSlice(new SliceScope(t, modelsByName), view);
  }
}
