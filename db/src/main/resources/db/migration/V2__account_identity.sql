-- Customers can also be found by the account number they type into the IVR. It is an identity
-- like a phone number: unique, normalized, on the same index. (ADD VALUE must commit before
-- a constraint may name it, hence V3.)
ALTER TYPE identity_kind ADD VALUE 'account';
