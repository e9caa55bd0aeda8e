-- Reading audio manifests and Parquet from S3-compatible storage (MinIO, Ceph, AWS S3) through DuckDB's httpfs.
-- Run once per connection in deployments that keep files in a bucket; credentials come from the environment
-- (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) through the credential chain, never from this file.
-- The httpfs extension must be installed into the image at build time (`INSTALL httpfs`): Koe never downloads
-- at run time. Not exercised here: this machine has no network and no bundled httpfs.
LOAD httpfs;
CREATE OR REPLACE SECRET koe_s3 (
    TYPE s3,
    PROVIDER credential_chain,
    ENDPOINT 'minio.koe.internal:9000',   -- S3-compatible endpoint (host:port, no scheme)
    URL_STYLE 'path',                     -- MinIO/Ceph; 'vhost' for AWS
    USE_SSL true,
    REGION 'ap-northeast-1'
);
-- Published marts for Trino/Spark/the dashboard: one Parquet folder per mart, partitioned by day.
-- COPY marts.kpi_daily TO 's3://koe-marts/kpi_daily' (FORMAT parquet, PARTITION_BY (day), OVERWRITE_OR_IGNORE);
-- Readers: SELECT * FROM read_parquet('s3://koe-marts/kpi_daily/*/*.parquet', hive_partitioning = true);
