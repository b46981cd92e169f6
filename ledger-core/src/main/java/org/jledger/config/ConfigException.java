package org.jledger.config;

import org.jledger.InvalidInputException;

/**
 * A network configuration that cannot be used. The message names the file, the key (a dotted path
 * such as {@code plug.runner.quorum}) and what is wrong with it.
 */
public final class ConfigException extends InvalidInputException {

  private final String file;
  private final String key;
  private final String problem;

  public ConfigException(String file, String key, String problem) {
    super("invalid_config", file + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    this.file = file;
    this.key = key;
    this.problem = problem;
  }

  public String file() {
    return file;
  }

  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }
}
