package dev.locus.adapters.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** {@link JdbcPlatformContract} on an in-memory H2 database. */
class JdbcPlatformH2Test extends JdbcPlatformContract {
  private static final String URL = "jdbc:h2:mem:platform;DB_CLOSE_DELAY=0";

  private Connection keepAlive;

  @Override
  void prepareDatabase() throws SQLException {
    keepAlive = DriverManager.getConnection(URL);
    try (Statement statement = keepAlive.createStatement()) {
      for (String sql : TABLES) {
        statement.execute(sql);
      }
    }
  }

  @Override
  void releaseDatabase() throws SQLException {
    keepAlive.close();
  }

  @Override
  boolean supportsFullJoin() {
    return false;
  }

  @Override
  String url() {
    return URL;
  }
}
