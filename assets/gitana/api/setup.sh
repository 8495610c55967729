#!/bin/sh
# Runs when the API container starts, before the API server (env {{ env }}).
# DocumentDB requires TLS with a certificate from the Amazon RDS CAs, which the JVM does not trust
# out of the box: import the RDS global CA bundle into the JVM's trust store. Without it the API
# server cannot reach its database, so any failure here stops the container loudly.
# The work runs in a subshell: if the image sources this file instead of running it, `set -eu`
# must not leak into its entrypoint; a failure still stops the container.
(
set -eu

BUNDLE_URL="https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem"
WORK_DIR="$(mktemp -d)"
TRUSTSTORE="${JAVA_HOME:?JAVA_HOME is not set}/lib/security/cacerts"
# The JDK ships its trust store with this well-known password; it protects nothing secret.
TRUSTSTORE_PASSWORD="${JAVA_TRUSTSTORE_PASSWORD:-changeit}"

attempt=1
until curl --silent --show-error --fail --location --max-time 30 "$BUNDLE_URL" --output "$WORK_DIR/bundle.pem"; do
  if [ "$attempt" -ge 5 ]; then
    echo "setup.sh: could not download $BUNDLE_URL after $attempt attempts; DocumentDB TLS would fail" >&2
    exit 1
  fi
  echo "setup.sh: download of the RDS CA bundle failed (attempt $attempt), retrying" >&2
  sleep $((attempt * 5))
  attempt=$((attempt + 1))
done

# One file per certificate of the bundle.
awk -v dir="$WORK_DIR" '
  /-----BEGIN CERTIFICATE-----/ { n++; file = dir "/rds-ca-" n ".pem" }
  n > 0 { print > file }
  /-----END CERTIFICATE-----/ { close(file) }
' "$WORK_DIR/bundle.pem"

imported=0
for cert in "$WORK_DIR"/rds-ca-*.pem; do
  alias="rds-$(openssl x509 -noout -subject -in "$cert" | sed 's/.*CN *= *//; s/[^A-Za-z0-9.-]/-/g')"
  # Re-runs (task restarts reuse no state, but be safe) replace the entry instead of failing.
  keytool -delete -alias "$alias" -keystore "$TRUSTSTORE" -storepass "$TRUSTSTORE_PASSWORD" >/dev/null 2>&1 || true
  keytool -importcert -noprompt -trustcacerts -alias "$alias" -file "$cert" \
    -keystore "$TRUSTSTORE" -storepass "$TRUSTSTORE_PASSWORD" >/dev/null
  imported=$((imported + 1))
done

if [ "$imported" -eq 0 ]; then
  echo "setup.sh: the RDS CA bundle held no certificate" >&2
  exit 1
fi
echo "setup.sh: imported $imported RDS CA certificates into $TRUSTSTORE"
rm -rf "$WORK_DIR"
) || exit 1
