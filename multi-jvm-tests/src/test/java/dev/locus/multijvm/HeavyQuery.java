package dev.locus.multijvm;

/**
 * A query that keeps a 3-node cluster busy for a few seconds, for killing or cancelling mid-job.
 */
final class HeavyQuery {
  /**
   * TPC-H Q1's sums and count (without its averages) at SF 1: 6 million generated lineitem rows
   * filtered, projected and aggregated in 24 scan tasks; the aggregation splits into partial ones
   * on the workers, so that only a few rows per task reach the coordinator.
   */
  static final String SQL =
      "SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty,"
          + " sum(l_extendedprice) AS sum_base_price,"
          + " sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price,"
          + " sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,"
          + " count(*) AS count_order"
          + " FROM tpch.sf1.lineitem"
          + " WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY"
          + " GROUP BY l_returnflag, l_linestatus"
          + " ORDER BY l_returnflag, l_linestatus";

  private HeavyQuery() {}
}
