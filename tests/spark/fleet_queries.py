"""Runs docs/fleet.md's `spark-query` blocks in Spark local mode over a dataset; checks the report against pnm's."""
import json
import re
import sys

from pyspark.sql import SparkSession

TABLES = ["events", "recordings", "sockets", "processes", "packet_flows", "losses"]
FIGURES = ["tx_bytes", "rx_bytes", "avg_tx_rate", "avg_rx_rate", "peak_tx_rate", "peak_rx_rate", "p50_rate", "p95_rate", "p99_rate"]


def queries(doc):
    blocks = re.findall(r"```sql\n(.*?)```", open(doc, encoding="utf-8").read(), re.S)
    return {m.group(1): block for block in blocks if (m := re.match(r"-- spark-query: (\S+)\n", block))}


def main(doc, dataset, pnm_report):
    spark = SparkSession.builder.master("local[2]").appName("pnm-fleet").config("spark.sql.session.timeZone", "UTC").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    for table in TABLES:
        spark.read.parquet(f"{dataset}/{table}").createOrReplaceTempView(table)
    sql = queries(doc)
    for name, query in sql.items():
        print(f"-- {name}")
        spark.sql(query).show(n=100, truncate=False)

    spark_rows = {(r["host"], r["comm"]): r for r in spark.sql(sql["report"]).collect()}
    pnm_rows = {(r["host"], r["comm"]): r for r in json.load(open(pnm_report, encoding="utf-8"))["rows"]}
    if spark_rows.keys() != pnm_rows.keys():
        sys.exit(f"groups differ: Spark {sorted(spark_rows)}, pnm {sorted(pnm_rows)}")
    for key, row in pnm_rows.items():
        for figure in FIGURES:
            if float(row[figure]) != float(spark_rows[key][figure]):
                sys.exit(f"{key} {figure}: pnm {row[figure]}, Spark {spark_rows[key][figure]}")
    print(f"check: Spark and pnm report agree on {len(pnm_rows)} (host, comm) groups ({', '.join(FIGURES)})")


if __name__ == "__main__":
    main(*sys.argv[1:])
