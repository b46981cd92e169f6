#!/usr/bin/env bash
# A stand-in for a consortium's existing CA, made with OpenSSL alone: an EC P-256 root CA
# (ca.pem, ca-key.pem) and its CRL (ca.crl), in this folder or in $1. JLedger needs only the CA's
# certificate and key in PEM to issue the validators' certificates, and the CRL to revoke them.
#   ./make-ca.sh                  make the CA and an empty CRL
#   ./make-ca.sh revoke CERT.pem  revoke a certificate and write a new ca.crl
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
db="$here/ca-db"
cnf="$db/openssl.cnf"

if [ "${1:-}" = "revoke" ]; then
  openssl ca -config "$cnf" -revoke "$2" -crl_reason keyCompromise
  openssl ca -config "$cnf" -gencrl -out "$here/ca.crl"
  echo "revoked $2; copy $here/ca.crl over every node's pki/ca.crl"
  exit 0
fi

[ -e "$here/ca.pem" ] && { echo "$here/ca.pem exists; remove it first" >&2; exit 1; }
mkdir -p "$db"
: > "$db/index.txt"
echo 1000 > "$db/crlnumber"
cat > "$cnf" <<CNF
[ ca ]
default_ca = jledger
[ jledger ]
database = $db/index.txt
crlnumber = $db/crlnumber
certificate = $here/ca.pem
private_key = $here/ca-key.pem
default_md = sha256
default_crl_days = 30
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = Example consortium CA
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF
umask 077
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$here/ca-key.pem"
chmod 400 "$here/ca-key.pem"
umask 022
openssl req -config "$cnf" -new -x509 -key "$here/ca-key.pem" -days 3650 \
  -extensions v3_ca -out "$here/ca.pem"
openssl ca -config "$cnf" -gencrl -out "$here/ca.crl"
echo "CA certificate $here/ca.pem, key $here/ca-key.pem (keep it offline), CRL $here/ca.crl"
