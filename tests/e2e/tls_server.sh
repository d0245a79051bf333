# Sourced by end-to-end tests: a CA and an HTTPS server on 127.0.0.1 serving files, made
# fresh for each test. Needs $work (a temp dir) and defines start_tls_server DOCROOT.

make_ca() {  # dir, extra SANs (comma separated, e.g. DNS:kubernetes.test)
  local d=$1 sans=${2:-}
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=podinit-test-ca" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost%s\n' "${sans:+,$sans}" > "$d/san.ext"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
    -days 2 -extfile "$d/san.ext" -out "$d/server.crt" 2>/dev/null
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Starts `openssl s_server -WWW` in DOCROOT on a free port; sets $port and $server_pid.
start_tls_server() {
  local docroot=$1 certdir=$2
  port=$(free_port)
  (cd "$docroot" && exec openssl s_server -quiet -WWW -accept "127.0.0.1:$port" \
     -cert "$certdir/server.crt" -key "$certdir/server.key") >"$work/s_server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 50); do  # up to 5 s
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "TLS server did not start" >&2
  cat "$work/s_server.log" >&2
  return 1
}
