package org.jledger.dapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jledger.InvalidInputException;
import org.jledger.LedgerException;
import org.jledger.dapp.acl.AclDApp;
import org.jledger.dapp.demo.BalanceModel;
import org.jledger.dapp.demo.BalanceTransfer;
import org.jledger.dapp.demo.DemoDApp;
import org.jledger.dapp.system.SystemDApp;
import org.jledger.encoding.CanonicalJson;
import org.junit.jupiter.api.Test;

class DAppRegistryTest {

  private final DAppRegistry registry = Fixtures.REGISTRY;

  private static Set<String> fqdns(Collection<Model> models) {
    return models.stream().map(Model::fqdn).collect(Collectors.toSet());
  }

  @Test
  void serviceLoaderFindsTheBuiltInsAndATestOnlyDApp() {
    assertThat(registry.dapps())
        .extracting(d -> (Object) d.getClass())
        .contains(SystemDApp.class, DemoDApp.class, AclDApp.class, ToyDApp.class);
    assertThat(registry.model("toy.CounterModel")).isPresent();
    assertThat(registry.transform("toy.Increment")).isPresent();
  }

  @Test
  void aClassLoaderWithoutTheTestServicesDoesNotSeeTheTestDApp() {
    DAppRegistry builtIns =
        DAppRegistry.of(List.of(new SystemDApp(), new DemoDApp(), new AclDApp()));
    assertThat(builtIns.model("toy.CounterModel")).isEmpty();
    assertThat(builtIns.transform("toy.Increment")).isEmpty();
  }

  @Test
  void modelsAreFoundByFqdnAliasOrClassName() {
    Model balance = registry.model("demo.BalanceModel").orElseThrow();
    assertThat(registry.model("plug_demo.balance.BalanceModel")).containsSame(balance);
    assertThat(registry.model("plug.builtin.BalanceModel")).containsSame(balance);
    assertThat(registry.model(BalanceModel.class.getName())).containsSame(balance);
  }

  @Test
  void transformsAreFoundByFqdnAliasOrClassName() {
    TransformType transfer = registry.transform("demo.BalanceTransfer").orElseThrow();
    assertThat(transfer.type()).isEqualTo(BalanceTransfer.class);
    assertThat(registry.transform("plug_demo.balance.BalanceTransfer")).contains(transfer);
    assertThat(registry.transform("org.jledger.dapp.demo.BalanceTransfer")).contains(transfer);
    assertThat(registry.transform("org.jledger.dapp.ToyDApp$Increment"))
        .contains(registry.transform("toy.Increment").orElseThrow());
    assertThat(registry.transform("org.jledger.dapp.ToyDApp.Increment"))
        .contains(registry.transform("toy.Increment").orElseThrow());
  }

  @Test
  void theConfigWhitelistsByFqdnAliasAndClassName() {
    DApps dapps =
        registry.select(
            List.of(
                "plug_demo.balance.BalanceModel",
                "org.jledger.dapp.demo.PersonModel",
                "toy.NoteModel"),
            List.of(
                "plug_demo.balance.BalanceTransfer",
                "org.jledger.dapp.demo.UpdatePerson",
                "toy.Increment"));
    assertThat(fqdns(dapps.models()))
        .containsExactlyInAnyOrder(
            "demo.BalanceModel",
            "demo.PersonModel",
            "toy.NoteModel",
            "plug.model.VotingPowerModel",
            "plug.model.NonceModel",
            "plug.model.ValidatorSetProposalModel");
    assertThat(dapps.transformNames())
        .containsExactly(
            "demo.BalanceTransfer",
            "demo.UpdatePerson",
            "plug.transform.ValidatorSetChange",
            "toy.Increment");
  }

  @Test
  void theCoreModelsAreAlwaysRunEvenWhenNotListed() {
    DApps dapps = registry.select(List.of(), List.of());
    assertThat(fqdns(dapps.models()))
        .containsExactlyInAnyOrder(
            "plug.model.NonceModel",
            "plug.model.ValidatorSetProposalModel",
            "plug.model.VotingPowerModel");
    assertThat(dapps.transformNames()).containsExactly("plug.transform.ValidatorSetChange");
    assertThat(dapps.model("plug.model.NonceModel").defaultValue())
        .isEqualTo(CanonicalJson.PROVIDER.createValue(0L));
  }

  @Test
  void anUnknownModelInTheConfigIsRefusedByName() {
    assertThatThrownBy(() -> registry.select(List.of("demo.NoSuchModel"), List.of()))
        .isInstanceOf(UnknownDAppException.class)
        .hasMessageContaining("'demo.NoSuchModel'")
        .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo("unknown_dapp"));
  }

  @Test
  void anUnknownTransformInTheConfigIsRefusedByName() {
    assertThatThrownBy(() -> registry.select(List.of(), List.of("demo.NoSuchTransfer")))
        .isInstanceOf(UnknownDAppException.class)
        .hasMessageContaining("unknown transform 'demo.NoSuchTransfer'");
  }

  @Test
  void aClassNameSharedBySeveralModelsIsAmbiguous() {
    assertThat(registry.model(ModelDefinition.class.getName())).isEmpty();
    assertThatThrownBy(() -> registry.select(List.of(ModelDefinition.class.getName()), List.of()))
        .isInstanceOf(UnknownDAppException.class)
        .hasMessageContainingAll("defines several models", "toy.CounterModel", "toy.NoteModel");
  }

  @Test
  void theRuntimeResolvesModelAliasesAndRefusesModelsItDoesNotRun() {
    DApps dapps = registry.select(List.of("demo.BalanceModel"), List.of());
    assertThat(dapps.canonicalModel("plug_demo.balance.BalanceModel"))
        .isEqualTo("demo.BalanceModel");
    assertThat(dapps.model("demo.BalanceModel").defaultValue())
        .isEqualTo(Fixtures.json("{'balance': 0}"));
    assertThatThrownBy(() -> dapps.model("demo.PersonModel"))
        .isInstanceOf(UnknownModelException.class)
        .hasMessageContaining("demo.PersonModel")
        .satisfies(
            e ->
                assertThat(((LedgerException) e).category())
                    .isEqualTo(LedgerException.Category.NOT_FOUND));
  }

  @Test
  void theRuntimeResolvesTransformAliases() {
    DApps dapps = registry.select(List.of(), List.of("demo.BalanceTransfer"));
    assertThat(dapps.canonicalTransform("plug_demo.balance.BalanceTransfer"))
        .isEqualTo("demo.BalanceTransfer");
    assertThatThrownBy(() -> dapps.canonicalTransform("demo.UpdatePerson"))
        .isInstanceOf(TransformNotAllowedException.class);
    assertThatThrownBy(() -> dapps.canonicalTransform("demo.Nothing"))
        .isInstanceOf(UnknownTransformException.class);
  }

  /** A DApp built from parts, to install broken ones. */
  private record PartsDApp(List<Model> models, List<Class<? extends Transform>> transforms)
      implements DApp {}

  private static DAppRegistry install(DApp dapp) {
    return DAppRegistry.of(List.of(new SystemDApp(), dapp));
  }

  @Test
  void twoDAppsClaimingOneModelNameAreRefused() {
    DApp clash =
        new PartsDApp(
            List.of(ModelDefinition.of("x.M", JsonValue.NULL).withAliases("plug.model.NonceModel")),
            List.of());
    assertThatThrownBy(() -> install(clash))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContainingAll("SystemDApp", "PartsDApp", "model plug.model.NonceModel");
  }

  @Test
  void twoDAppsClaimingOneTransformNameAreRefused() {
    assertThatThrownBy(
            () ->
                DAppRegistry.of(
                    List.of(
                        new SystemDApp(),
                        new DemoDApp(),
                        new PartsDApp(List.of(), List.of(Impostor.class)))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transform plug_demo.balance.BalanceTransfer");
  }

  @Test
  void missingCoreModelsAreRefused() {
    assertThatThrownBy(() -> DAppRegistry.of(List.of(new DemoDApp())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("plug.model.VotingPowerModel");
  }

  @Test
  void transformClassesThatCannotBeBoundAreRefusedAtLoading() {
    assertThatThrownBy(() -> install(new PartsDApp(List.of(), List.of(NotARecord.class))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must be a record");
    assertThatThrownBy(() -> install(new PartsDApp(List.of(), List.of(Unnamed.class))))
        .hasMessageContaining("no @TransformName");
    assertThatThrownBy(() -> install(new PartsDApp(List.of(), List.of(Fractional.class))))
        .hasMessageContainingAll("Fractional.price", "double");
    assertThatThrownBy(() -> install(new PartsDApp(List.of(), List.of(NamedFqdn.class))))
        .hasMessageContaining("component named 'fqdn'");
  }

  @TransformName(value = "x.Impostor", aliases = "plug_demo.balance.BalanceTransfer")
  record Impostor() implements Inert {}

  @TransformName("x.NotARecord")
  static final class NotARecord implements Inert {}

  record Unnamed() implements Inert {}

  @TransformName("x.Fractional")
  record Fractional(double price) implements Inert {}

  @TransformName("x.NamedFqdn")
  record NamedFqdn(String fqdn) implements Inert {}

  /** A transform that does nothing, to test what the registry accepts. */
  interface Inert extends Transform {
    @Override
    default Set<String> requiredAuthorizations() {
      return Set.of();
    }

    @Override
    default Set<String> requiredModels() {
      return Set.of();
    }

    @Override
    default Set<String> requiredKeys() {
      return Set.of();
    }

    @Override
    default void verify(StateSlice slice) {}

    @Override
    default void apply(MutableStateSlice slice) {}
  }
}
