#!/bin/bash
# Generated from io.ridewire.deployment.TableCatalogue by io.ridewire.local.dynamo.InitScript: do not edit.
# LocalStack runs this once it is ready (mounted at /etc/localstack/init/ready.d). It creates what the
# CDK stack creates in AWS and LocalStack's free tier emulates: the DynamoDB tables and the secrets.
set -euo pipefail
PREFIX="${RIDEWIRE_TABLES_PREFIX:-ridewire-}"
NATS_URL="${RIDEWIRE_NATS_URL:-nats://127.0.0.1:4222}"
JWT_SECRET="${RIDEWIRE_JWT_SECRET:-local-development-secret-change-me-0123456789}"

table() {
  local name="$1"; shift
  if awslocal dynamodb describe-table --table-name "$name" >/dev/null 2>&1; then
    echo "ridewire: table $name exists"; return 0
  fi
  awslocal dynamodb create-table --table-name "$name" --billing-mode PAY_PER_REQUEST "$@" >/dev/null
  echo "ridewire: table $name created"
}

ttl() {
  awslocal dynamodb update-time-to-live --table-name "$1" \
    --time-to-live-specification "Enabled=true,AttributeName=$2" >/dev/null 2>&1 || true
}

secret() {
  awslocal secretsmanager create-secret --name "$1" --secret-string "$2" >/dev/null 2>&1 \
    || awslocal secretsmanager put-secret-value --secret-id "$1" --secret-string "$2" >/dev/null
  echo "ridewire: secret $1"
}

# connections: by connection: the caller, its rooms (GetItem/DeleteItem); by role: counts for /ws/stats (GSI by_role)
table "${PREFIX}connections" \
  --attribute-definitions AttributeName=connection_id,AttributeType=S AttributeName=role,AttributeType=S \
  --key-schema AttributeName=connection_id,KeyType=HASH \
  --global-secondary-indexes '[{"IndexName":"by_role","KeySchema":[{"AttributeName":"role","KeyType":"HASH"},{"AttributeName":"connection_id","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["expires_at"]}}]'
ttl "${PREFIX}connections" expires_at

# sessions: by user: their connections, atomically swapped on connect for one-session-per-user
table "${PREFIX}sessions" \
  --attribute-definitions AttributeName=user_id,AttributeType=S \
  --key-schema AttributeName=user_id,KeyType=HASH
ttl "${PREFIX}sessions" expires_at

# rooms: by room: its member connections (Query); membership removed with the connection
table "${PREFIX}rooms" \
  --attribute-definitions AttributeName=room,AttributeType=S AttributeName=connection_id,AttributeType=S \
  --key-schema AttributeName=room,KeyType=HASH AttributeName=connection_id,KeyType=RANGE
ttl "${PREFIX}rooms" expires_at

# events: by inbox: events after a seq in order (Query on sk range), the seq counter, the event-id guard (GetItem)
table "${PREFIX}events" \
  --attribute-definitions AttributeName=inbox,AttributeType=S AttributeName=sk,AttributeType=S \
  --key-schema AttributeName=inbox,KeyType=HASH AttributeName=sk,KeyType=RANGE
ttl "${PREFIX}events" expires_at

# orders: by order (GetItem, conditional UpdateItem per transition); by customer, driver or store: their orders with status (GSIs), for /orders/active and for re-joining order rooms on connect
table "${PREFIX}orders" \
  --attribute-definitions AttributeName=order_id,AttributeType=S AttributeName=customer_id,AttributeType=S AttributeName=created_at,AttributeType=N AttributeName=driver_id,AttributeType=S AttributeName=store_id,AttributeType=S \
  --key-schema AttributeName=order_id,KeyType=HASH \
  --global-secondary-indexes '[{"IndexName":"by_customer","KeySchema":[{"AttributeName":"customer_id","KeyType":"HASH"},{"AttributeName":"created_at","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["status"]}},{"IndexName":"by_driver","KeySchema":[{"AttributeName":"driver_id","KeyType":"HASH"},{"AttributeName":"created_at","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["status"]}},{"IndexName":"by_store","KeySchema":[{"AttributeName":"store_id","KeyType":"HASH"},{"AttributeName":"created_at","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["status"]}}]'
ttl "${PREFIX}orders" expires_at

# matches: by match: state, proposals, version (GetItem, conditional Put); by driver/passenger: the one match holding them (conditional Put/Update/Delete in the same transaction as the match)
table "${PREFIX}matches" \
  --attribute-definitions AttributeName=pk,AttributeType=S \
  --key-schema AttributeName=pk,KeyType=HASH
ttl "${PREFIX}matches" expires_at

# rides: by ride: create once per match (TransactWriteItems: conditional Put + the match still confirmed), end once (TransactWriteItems with its payment)
table "${PREFIX}rides" \
  --attribute-definitions AttributeName=ride_id,AttributeType=S \
  --key-schema AttributeName=ride_id,KeyType=HASH
ttl "${PREFIX}rides" expires_at

# payments: by payment: read (GetItem), claim an attempt (conditional Update), mark paid in the wallet transaction
table "${PREFIX}payments" \
  --attribute-definitions AttributeName=payment_id,AttributeType=S \
  --key-schema AttributeName=payment_id,KeyType=HASH
ttl "${PREFIX}payments" expires_at

# wallets: by wallet: balance (GetItem); debit with balance >= amount and credit inside TransactWriteItems
table "${PREFIX}wallets" \
  --attribute-definitions AttributeName=wallet_id,AttributeType=S \
  --key-schema AttributeName=wallet_id,KeyType=HASH
ttl "${PREFIX}wallets" expires_at

# ledger: by account: its entries (Query); written with attribute_not_exists in the same transaction as the balances
table "${PREFIX}ledger" \
  --attribute-definitions AttributeName=account,AttributeType=S AttributeName=entry_id,AttributeType=S \
  --key-schema AttributeName=account,KeyType=HASH AttributeName=entry_id,KeyType=RANGE
ttl "${PREFIX}ledger" expires_at

# deadlines: by id: schedule (Put, in the transaction of the state it guards), claim (conditional Update of due), complete (conditional Delete); by shard and due time: what is due (GSI by_due); by shard and when it began failing: what keeps failing, for /health and the bridge's metrics (sparse GSI by_failing)
table "${PREFIX}deadlines" \
  --attribute-definitions AttributeName=deadline_id,AttributeType=S AttributeName=shard,AttributeType=S AttributeName=due,AttributeType=N AttributeName=failing_since,AttributeType=N \
  --key-schema AttributeName=deadline_id,KeyType=HASH \
  --global-secondary-indexes '[{"IndexName":"by_due","KeySchema":[{"AttributeName":"shard","KeyType":"HASH"},{"AttributeName":"due","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["kind","payload"]}},{"IndexName":"by_failing","KeySchema":[{"AttributeName":"shard","KeyType":"HASH"},{"AttributeName":"failing_since","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]'
ttl "${PREFIX}deadlines" expires_at

secret "${PREFIX}local-jwt-secret" "$JWT_SECRET"
secret "${PREFIX}local-nats-url" "$NATS_URL"
echo "ridewire: LocalStack resources ready"
