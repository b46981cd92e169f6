package org.jledger.dapp;

import jakarta.json.bind.config.PropertyNamingStrategy;

/**
 * The member naming of transform fields: {@code personId -> person_id}. One implementation serves
 * both the strict type guard and JSON-B, so the two can never disagree.
 */
enum SnakeCase implements PropertyNamingStrategy {
  INSTANCE;

  @Override
  public String translateName(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && out.charAt(out.length() - 1) != '_') {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
