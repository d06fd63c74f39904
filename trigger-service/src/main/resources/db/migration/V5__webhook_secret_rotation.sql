-- A rotated signing secret keeps signing beside the new one until previous_valid_until (UTC ms), so a
-- receiver can switch at its own pace; the secret is shown only when made and when rotated.
ALTER TABLE webhook_secret
    ADD COLUMN previous_secret      TEXT,
    ADD COLUMN previous_valid_until BIGINT,
    ADD COLUMN rotated_at           BIGINT;
