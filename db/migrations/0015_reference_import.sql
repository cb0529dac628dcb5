CREATE TABLE "set_password_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clinicians" ADD COLUMN "gmc_number" text;--> statement-breakpoint
ALTER TABLE "set_password_links" ADD CONSTRAINT "set_password_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "set_password_links_user_idx" ON "set_password_links" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "clinicians" ADD CONSTRAINT "clinicians_gmc_number_unique" UNIQUE("gmc_number");