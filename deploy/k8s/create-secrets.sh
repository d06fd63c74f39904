#!/usr/bin/env bash
# Creates the Secrets the manifests refer to, with fresh random values, in one namespace:
#   deploy/k8s/create-secrets.sh floatchat-dev
# Existing Secrets are left alone (rotate by deleting one and running this again). Needs kubectl and
# openssl. The SMTP Secret (floatchat-smtp: host, port, username, password, from, mock=false) is yours
# to create when trigger-service should send e-mail.
set -euo pipefail

namespace="${1:?usage: $0 <namespace>}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

exists() { kubectl -n "$namespace" get secret "$1" >/dev/null 2>&1; }
random() { openssl rand -base64 "$1" | tr -d '\n'; }

kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"

# The gateway signs the short-lived JWT (RS256) with the private key; the services verify it.
if ! exists floatchat-jwt-signing; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private-key.pem" 2>/dev/null
  openssl pkey -in "$work/private-key.pem" -pubout -out "$work/public-key.pem"
  kubectl -n "$namespace" create secret generic floatchat-jwt-signing --from-file=private-key.pem="$work/private-key.pem"
  kubectl -n "$namespace" delete secret floatchat-jwt-verification --ignore-not-found
  kubectl -n "$namespace" create secret generic floatchat-jwt-verification --from-file=public-key.pem="$work/public-key.pem"
fi

exists floatchat-admin || kubectl -n "$namespace" create secret generic floatchat-admin \
  --from-literal=token="$(random 32)"

# AES-256 key for the channel secrets broadcast-service stores (base64 of 32 bytes)
exists floatchat-channel-secrets || kubectl -n "$namespace" create secret generic floatchat-channel-secrets \
  --from-literal=key="$(random 32)"

# One login role per service (CloudNativePG reads these too: type basic-auth, username = role)
for service in gateway users conversations broadcast trigger; do
  exists "floatchat-db-$service" || kubectl -n "$namespace" create secret generic "floatchat-db-$service" \
    --type=kubernetes.io/basic-auth --from-literal=username="fc_$service" --from-literal=password="$(random 24)"
done

echo "Secrets ready in namespace $namespace."
