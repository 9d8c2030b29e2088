ALTER TABLE customer_identity ADD CONSTRAINT customer_identity_account_is_digits
    CHECK (kind <> 'account' OR value ~ '^[0-9]{4,20}$');
