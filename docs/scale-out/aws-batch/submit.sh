#!/bin/bash
# Registers the job definition, submits an array job of SHARDS children (2 … 10,000; each reads
# AWS_BATCH_JOB_ARRAY_INDEX and AWS_BATCH_JOB_ARRAY_SIZE), and a merge job that waits for it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SHARDS=${SHARDS:-100}
QUEUE=${QUEUE:-renoplan}
aws batch register-job-definition --cli-input-json "file://$here/job-definition.json" >/dev/null
array=$(aws batch submit-job --job-name renoplan-province --job-queue "$QUEUE" --job-definition renoplan \
  --array-properties "size=$SHARDS" --query jobId --output text)
aws batch submit-job --job-name renoplan-merge --job-queue "$QUEUE" --job-definition renoplan \
  --depends-on "jobId=$array" \
  --container-overrides '{"command": ["sh", "-c", "cd \"$RENOPLAN_DATA\" && exec renoplan batch merge plans --out plans"]}' \
  --query jobId --output text
