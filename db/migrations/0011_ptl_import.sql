ALTER TABLE "pathways" ADD COLUMN "pathway_identifier" text;--> statement-breakpoint
ALTER TABLE "pathways" ADD COLUMN "pathway_issuer" text;--> statement-breakpoint
ALTER TABLE "pathways" ADD COLUMN "decision_to_admit_date" date;--> statement-breakpoint
ALTER TABLE "pathways" ADD COLUMN "next_appointment_date" date;--> statement-breakpoint
ALTER TABLE "pathways" ADD COLUMN "missing_from_extract_on" date;--> statement-breakpoint
CREATE UNIQUE INDEX "pathways_extract_identity_idx" ON "pathways" USING btree ("pathway_issuer","pathway_identifier");--> statement-breakpoint
ALTER TABLE "pathways" ADD CONSTRAINT "pathways_extract_identity_check" CHECK (("pathways"."pathway_issuer" is null) = ("pathways"."pathway_identifier" is null));