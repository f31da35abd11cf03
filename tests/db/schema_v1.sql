-- A version-1 pidash.db, as Database() created it before schema version 2 (commit dc37d51):
-- `sqlite3 .pidash/pidash.db .schema` of a fresh database then. tests/db/test_migrations.py builds
-- old databases from it; keep it as it is (it is what sites have on disk).
CREATE TABLE schema_version (
	version INTEGER NOT NULL,
	PRIMARY KEY (version)
);
CREATE TABLE accounts (
	id INTEGER NOT NULL,
	name VARCHAR(64) NOT NULL,
	role VARCHAR(16) NOT NULL,
	password_hash VARCHAR(255) NOT NULL,
	session_epoch INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_accounts_name ON accounts (name);
CREATE TABLE audit (
	id INTEGER NOT NULL,
	at DATETIME NOT NULL,
	actor VARCHAR(64) NOT NULL,
	role VARCHAR(16) NOT NULL,
	action VARCHAR(64) NOT NULL,
	target VARCHAR(200) NOT NULL,
	outcome VARCHAR(200) NOT NULL,
	correlation_id VARCHAR(64) NOT NULL,
	address VARCHAR(64) NOT NULL,
	PRIMARY KEY (id)
);
CREATE INDEX ix_audit_at ON audit (at);
CREATE TABLE history_batches (
	session_id VARCHAR(128) NOT NULL,
	target_ssid VARCHAR(64) NOT NULL,
	state VARCHAR(32) NOT NULL,
	created_at DATETIME NOT NULL,
	ended_at DATETIME,
	last_seen_at DATETIME NOT NULL,
	cameras INTEGER NOT NULL,
	verified INTEGER NOT NULL,
	failed INTEGER NOT NULL,
	provisioned INTEGER NOT NULL,
	PRIMARY KEY (session_id)
);
CREATE INDEX ix_history_batches_created_at ON history_batches (created_at);
CREATE TABLE history_cameras (
	session_id VARCHAR(128) NOT NULL,
	mac VARCHAR(17) NOT NULL,
	state VARCHAR(32) NOT NULL,
	failed_step VARCHAR(32) NOT NULL,
	error_code VARCHAR(64) NOT NULL,
	error_message TEXT NOT NULL,
	reason TEXT NOT NULL,
	retry_count INTEGER NOT NULL,
	ip VARCHAR(64) NOT NULL,
	rssi INTEGER NOT NULL,
	firmware_version VARCHAR(64) NOT NULL,
	container_id VARCHAR(64) NOT NULL,
	in_allowlist BOOLEAN NOT NULL,
	discovered_at DATETIME,
	provisioned_at DATETIME,
	verified_at DATETIME,
	action_cids TEXT NOT NULL,
	updated_at DATETIME NOT NULL,
	PRIMARY KEY (session_id, mac),
	FOREIGN KEY(session_id) REFERENCES history_batches (session_id) ON DELETE CASCADE
);
CREATE INDEX ix_history_cameras_mac ON history_cameras (mac);
INSERT INTO schema_version (version) VALUES (1);
