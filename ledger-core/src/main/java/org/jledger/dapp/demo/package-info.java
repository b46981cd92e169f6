/**
 * Plug's demo DApps: {@code demo.BalanceModel} with {@code demo.BalanceTransfer}, and {@code
 * demo.PersonModel} with {@code demo.UpdatePerson}. They accept the names the Plug documentation
 * uses for them ({@code plug_demo.balance.*}, {@code plug.builtin.*}) as aliases.
 */
package org.jledger.dapp.demo;
