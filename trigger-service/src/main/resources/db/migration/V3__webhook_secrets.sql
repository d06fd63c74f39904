-- Each bot's secret for signing call_webhook bodies (X-FloatChat-Signature), shown on flow GET so the
-- receiving end can verify. Created with the bot's first flow.
CREATE TABLE webhook_secret (
    bot_key     TEXT   PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    secret      TEXT   NOT NULL
);
